"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { withBuyer } from "@/lib/dal";
import { formatDateTime } from "@/lib/format";
import { getI18n } from "@/lib/i18n/server";
import { blockCaller, markPickedUp, unblockCaller } from "@/lib/protection/contacts";
import { endLineEarly } from "@/lib/protection/end-line";
import { extendLine } from "@/lib/protection/extend-line";
import { protectOrder } from "@/lib/protection/orders";
import { requestNotify, turnProtectionOff, turnProtectionOn } from "@/lib/protection/setting";
import { settings } from "@/lib/settings";
import { orderIdSchema, orderMissing, refresh } from "./common";

export const turnOnAction = withBuyer(z.object({}), async ({ viewer, db, now, t }) => {
  const result = await turnProtectionOn(db, { buyerId: viewer.id, now });
  if (!result.ok) {
    return { status: "error", message: t("actions.notEligible") };
  }
  refresh();
  return { status: "success", message: t("actions.turnedOn") };
});

export const turnOffAction = withBuyer(
  z.object({ mode: z.enum(["keep", "end"], { error: "modeRequired" }) }),
  async ({ viewer, db, now, input, t }) => {
    const result = await turnProtectionOff(db, { buyerId: viewer.id, mode: input.mode, now });
    refresh();
    if (!result.changed) return { status: "success", message: t("actions.alreadyOff") };
    return {
      status: "success",
      message: input.mode === "end" ? t("actions.offEnded", { count: result.ended }) : t("actions.offKept"),
    };
  },
);

export const notifyAction = withBuyer(z.object({}), async ({ viewer, db, now, t }) => {
  const result = await requestNotify(db, { buyerId: viewer.id, now });
  refresh();
  return {
    status: "success",
    message: t(result.alreadyRequested ? "actions.notifyAgain" : "actions.notifyDone"),
  };
});

export const endLineAction = withBuyer(orderIdSchema, async ({ viewer, db, now, input, t }) => {
  const result = await endLineEarly(db, { buyerId: viewer.id, orderId: input.orderId, now });
  if (!result.ok) {
    return result.reason === "not_found" ? orderMissing(t) : { status: "error", message: t("actions.lineInactive") };
  }
  refresh(input.orderId);
  return {
    status: "success",
    message: t(result.fellBackToRealNumber ? "actions.endedFallback" : "actions.endedNoFallback"),
  };
});

export const extendLineAction = withBuyer(orderIdSchema, async ({ viewer, db, now, input, t }) => {
  const result = await extendLine(db, { buyerId: viewer.id, orderId: input.orderId, now });
  if (!result.ok) {
    const messages: Record<typeof result.reason, string> = {
      not_found: t("validation.orderMissing"),
      not_completed: t("actions.extendNotCompleted"),
      not_active: t("actions.lineInactive"),
      too_early: t("actions.extendTooEarly", { days: settings.extensionWindowDays }),
      limit_reached: t("actions.extendLimit"),
    };
    return { status: "error", message: messages[result.reason] };
  }
  refresh(input.orderId);
  const { locale } = await getI18n();
  return { status: "success", message: t("actions.extended", { date: formatDateTime(result.endsAt, locale) }) };
});

export const protectOrderAction = withBuyer(orderIdSchema, async ({ viewer, db, now, input, t }) => {
  const result = await protectOrder(db, { buyerId: viewer.id, orderId: input.orderId, now });
  if (!result.ok) {
    const messages: Record<typeof result.reason, string> = {
      not_found: t("validation.orderMissing"),
      not_open: t("actions.notOpen"),
      already_protected: t("actions.alreadyProtected"),
      pool_exhausted: t("actions.poolExhausted"),
    };
    refresh(input.orderId);
    return { status: "error", message: messages[result.reason] };
  }
  refresh(input.orderId);
  return { status: "success", message: t("actions.protected") };
});

const contactSchema = z.object({
  contactEventId: z.coerce.number({ error: "invalid" }).int("invalid").positive("invalid"),
});

export const blockCallerAction = withBuyer(contactSchema, async ({ viewer, db, now, input, t }) => {
  const result = await blockCaller(db, { buyerId: viewer.id, contactEventId: input.contactEventId, now });
  if (!result.ok) return { status: "error", message: t("contacts.missing") };
  revalidatePath("/orders", "layout");
  return {
    status: "success",
    message: t(result.alreadyBlocked ? "contacts.alreadyBlocked" : "contacts.blockedDone", {
      caller: result.callerMasked,
    }),
  };
});

export const unblockCallerAction = withBuyer(contactSchema, async ({ viewer, db, input, t }) => {
  const result = await unblockCaller(db, { buyerId: viewer.id, contactEventId: input.contactEventId });
  if (!result.ok) return { status: "error", message: t("contacts.missing") };
  revalidatePath("/orders", "layout");
  return { status: "success", message: t("contacts.unblockedDone") };
});

export const markPickedUpAction = withBuyer(contactSchema, async ({ viewer, db, now, input, t }) => {
  const result = await markPickedUp(db, { buyerId: viewer.id, contactEventId: input.contactEventId, now });
  if (!result.ok) return { status: "error", message: t("contacts.missing") };
  revalidatePath("/pickup");
  revalidatePath("/orders", "layout");
  return { status: "success", message: t("pickupCodes.markedDone") };
});
