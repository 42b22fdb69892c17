"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { idle, type PasteState } from "@/lib/action-state";
import { requireViewer, withBuyer } from "@/lib/dal";
import { formatDateTime } from "@/lib/format";
import { localized } from "@/lib/i18n/names";
import { getI18n } from "@/lib/i18n/server";
import { blockCaller, unblockCaller } from "@/lib/protection/contacts";
import { endLineEarly } from "@/lib/protection/end-line";
import { extendLine } from "@/lib/protection/extend-line";
import { protectOrder } from "@/lib/protection/orders";
import { cleanPastedText, MAX_PASTE_CHARS, markParcelPickedUp, pasteNotice } from "@/lib/protection/parcels";
import { requestNotify, setOwnLastFour, turnProtectionOff, turnProtectionOn } from "@/lib/protection/setting";
import { settings } from "@/lib/settings";
import { decimalInt } from "@/lib/validation";
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

export const ownLastFourAction = withBuyer(
  z.object({ choice: z.enum(["on", "off"], { error: "invalid" }) }),
  async ({ viewer, db, now, input, t }) => {
    await setOwnLastFour(db, { buyerId: viewer.id, on: input.choice === "on", now });
    refresh();
    return {
      status: "success",
      message: t(input.choice === "on" ? "actions.ownLastFourOn" : "actions.ownLastFourOff"),
    };
  },
);

/** The Privacy page's own-last-four switch, a plain form: the outcome comes back in the address. */
export async function ownLastFourForm(formData: FormData): Promise<void> {
  // A plain form has no state to show a refusal in: a signed-out caller goes to sign-in.
  await requireViewer("/privacy");
  const result = await ownLastFourAction(idle, formData);
  const outcome = result.status === "success" ? String(formData.get("choice")) : "invalid";
  redirect(`/privacy?ownLastFour=${outcome}#own-last-four-heading`);
}

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
      reprotect_limit: t("actions.reprotectLimit", {
        perOrder: settings.reprotectPerOrderPerDay,
        perBuyer: settings.reprotectPerBuyerPerDay,
      }),
    };
    refresh(input.orderId);
    return { status: "error", message: messages[result.reason] };
  }
  refresh(input.orderId);
  return { status: "success", message: t("actions.protected") };
});

const contactSchema = z.object({
  contactEventId: decimalInt("invalid", { min: 1, max: Number.MAX_SAFE_INTEGER }),
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
