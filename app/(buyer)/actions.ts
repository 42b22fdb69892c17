"use server";

import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState, PasteState } from "@/lib/action-state";
import { withBuyer } from "@/lib/dal";
import { merchants } from "@/lib/db/schema";
import { isDemoMode } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { localized } from "@/lib/i18n/names";
import { getI18n, type Translator } from "@/lib/i18n/server";
import { blockCaller, unblockCaller } from "@/lib/protection/contacts";
import { endLineEarly } from "@/lib/protection/end-line";
import { extendLine } from "@/lib/protection/extend-line";
import { moveCompletionBack, placeOrder, protectOrder, transitionOrder } from "@/lib/protection/orders";
import { cleanPastedText, MAX_PASTE_CHARS, markParcelPickedUp, pasteNotice } from "@/lib/protection/parcels";
import { TRANSITIONS } from "@/lib/protection/rules";
import { requestNotify, turnProtectionOff, turnProtectionOn } from "@/lib/protection/setting";
import { settings } from "@/lib/settings";

const orderIdSchema = z.object({ orderId: z.uuid("orderMissing") });
const notFound = (t: Translator): ActionState => ({ status: "error", message: t("validation.orderMissing") });

function refresh(orderId?: string) {
  revalidatePath("/privacy");
  revalidatePath("/orders");
  revalidatePath("/pickup");
  if (orderId) revalidatePath(`/orders/${orderId}`);
}

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
    return result.reason === "not_found" ? notFound(t) : { status: "error", message: t("actions.lineInactive") };
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

function testerOnly(t: Translator): ActionState | null {
  return isDemoMode() ? null : { status: "error", message: t("tester.off") };
}

const TEST_ITEMS = ["Wireless mouse", "Green tea, 100 g", "Phone case", "Desk lamp", "Notebook set", "Hand cream"];

export const placeTestOrderAction = withBuyer(
  z.object({
    merchantId: z.coerce.number({ error: "merchantRequired" }).int("merchantRequired").positive("merchantRequired"),
  }),
  async ({ viewer, db, now, input, t }) => {
    const refused = testerOnly(t);
    if (refused) return refused;
    const [merchant] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, input.merchantId));
    if (!merchant) {
      const message = t("validation.merchantRequired");
      return { status: "error", message, fieldErrors: { merchantId: [message] } };
    }
    const item = TEST_ITEMS[now.getTime() % TEST_ITEMS.length];
    const result = await placeOrder(db, {
      buyerId: viewer.id,
      merchantId: merchant.id,
      item,
      amountCents: 1_000 + (now.getTime() % 20_000),
      recipientName: viewer.name,
      address: "Room 501, 12 Test Street, Binjiang District, Hangzhou",
      now,
    });
    refresh(result.orderId);
    const messages = {
      protected: t("tester.placedProtected", { orderNo: result.orderNo }),
      pending: t("tester.placedPending", { orderNo: result.orderNo }),
      real_number: t("tester.placedPlain", { orderNo: result.orderNo }),
    };
    return { status: result.protection === "pending" ? "error" : "success", message: messages[result.protection] };
  },
);

export const testerTransitionAction = withBuyer(
  orderIdSchema.extend({
    transition: z.enum(TRANSITIONS, { error: "transitionInvalid" }),
  }),
  async ({ viewer, db, now, input, t }) => {
    const refused = testerOnly(t);
    if (refused) return refused;
    const result = await transitionOrder(db, {
      buyerId: viewer.id,
      orderId: input.orderId,
      transition: input.transition,
      now,
    });
    if (!result.ok) {
      return result.reason === "not_found" ? notFound(t) : { status: "error", message: t("tester.invalidStep") };
    }
    refresh(input.orderId);
    return { status: "success", message: t("tester.updated") };
  },
);

export const moveCompletionBackAction = withBuyer(
  orderIdSchema.extend({
    days: z.coerce.number({ error: "daysNumber" }).int("daysWhole").min(1, "daysMin").max(365, "daysMax"),
  }),
  async ({ viewer, db, input, t }) => {
    const refused = testerOnly(t);
    if (refused) return refused;
    const result = await moveCompletionBack(db, { buyerId: viewer.id, orderId: input.orderId, daysBack: input.days });
    if (!result.ok) {
      return result.reason === "not_found" ? notFound(t) : { status: "error", message: t("tester.onlyCompleted") };
    }
    refresh(input.orderId);
    return { status: "success", message: t("tester.movedBack", { days: input.days }) };
  },
);

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

const parcelSchema = z.object({ parcelId: z.uuid("parcelMissing") });

export const markPickedUpAction = withBuyer(parcelSchema, async ({ viewer, db, now, input, t }) => {
  const result = await markParcelPickedUp(db, { buyerId: viewer.id, parcelId: input.parcelId, now });
  if (!result.ok) return { status: "error", message: t("pickup.missing") };
  revalidatePath("/pickup");
  revalidatePath("/orders", "layout");
  return { status: "success", message: t("pickup.markedDone") };
});

const pasteSchema = z.object({
  text: z
    .string({ error: "noticeEmpty" })
    .max(MAX_PASTE_CHARS * 2, "noticeTooLong")
    .transform(cleanPastedText)
    .pipe(z.string().min(1, "noticeEmpty").max(MAX_PASTE_CHARS, "noticeTooLong")),
  parcelId: z.preprocess((value) => (value === "" ? undefined : value), z.uuid("parcelMissing").optional()),
});

export const pasteNoticeAction = withBuyer<typeof pasteSchema, PasteState>(
  pasteSchema,
  async ({ viewer, db, now, input, t }) => {
    const result = await pasteNotice(db, { buyerId: viewer.id, text: input.text, parcelId: input.parcelId, now });
    const { locale } = await getI18n();
    if (result.ok) {
      const item = localized(result.itemNames, locale, result.item);
      revalidatePath("/pickup");
      revalidatePath("/orders", "layout");
      return {
        status: "success",
        message: result.collected
          ? t("pickup.pasteCollected", { item })
          : t("pickup.pasteAttached", { codes: result.codes.join(" "), item }),
      };
    }
    if (result.reason === "ambiguous") {
      return {
        status: "idle",
        message: t("pickup.pasteChoose"),
        candidates: result.candidates.map((parcel) => ({
          id: parcel.id,
          label: t("pickup.pasteCandidate", {
            item: localized(parcel.itemNames, locale, parcel.item),
            lastFour: parcel.waybillLastFour,
            tail: parcel.trackingTail,
          }),
        })),
      };
    }
    const messages: Record<typeof result.reason, string> = {
      no_code: t("pickup.pasteNoCode"),
      no_parcel: t("pickup.pasteNoParcel"),
      not_found: t("pickup.missing"),
    };
    return { status: "error", message: messages[result.reason] };
  },
);
