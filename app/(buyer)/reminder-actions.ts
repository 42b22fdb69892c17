"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { extendLineAction } from "@/app/(buyer)/actions";
import { idle } from "@/lib/action-state";
import { requireViewer, withBuyer } from "@/lib/dal";
import { getLocale } from "@/lib/i18n/server";
import { parseMinutes } from "@/lib/reminders/quiet";
import { markRemindersRead, saveReminderChoices } from "@/lib/reminders/remind";
import { removeSubscription, saveSubscription, subscriptionSchema } from "@/lib/reminders/subscriptions";

const checkbox = z
  .literal("on")
  .optional()
  .transform((value) => value === "on");
const time = z.string({ error: "timeInvalid" }).refine((value) => parseMinutes(value) !== null, "timeInvalid");

const choicesSchema = z.object({
  code_arrived: checkbox,
  line_stopping: checkbox,
  parcel_waiting: checkbox,
  quietStart: time,
  quietEnd: time,
});

/** Privacy page: which reminders, and the quiet hours (China time). */
export const saveRemindersAction = withBuyer(choicesSchema, async ({ viewer, db, now, input, t }) => {
  await saveReminderChoices(db, {
    buyerId: viewer.id,
    choices: {
      code_arrived: input.code_arrived,
      line_stopping: input.line_stopping,
      parcel_waiting: input.parcel_waiting,
      quietStart: parseMinutes(input.quietStart) as number,
      quietEnd: parseMinutes(input.quietEnd) as number,
    },
    now,
  });
  revalidatePath("/privacy");
  return { status: "success", message: t("reminders.settings.saved") };
});

const subscriptionField = z.object({
  subscription: z
    .string()
    .max(4000)
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "invalid" });
        return z.NEVER;
      }
    })
    .pipe(subscriptionSchema),
});

/** This browser's push subscription (PushSubscription.toJSON()), for this buyer. */
export const subscribePushAction = withBuyer(subscriptionField, async ({ viewer, db, now, input, t }) => {
  await saveSubscription(db, { buyerId: viewer.id, subscription: input.subscription, locale: await getLocale(), now });
  return { status: "success", message: t("reminders.settings.enabled") };
});

export const unsubscribePushAction = withBuyer(
  z.object({ endpoint: z.string().max(1000) }),
  async ({ viewer, db, input }) => {
    await removeSubscription(db, { buyerId: viewer.id, endpoint: input.endpoint });
    return { status: "success" };
  },
);

export const markRemindersReadAction = withBuyer(z.object({}), async ({ viewer, db, now }) => {
  await markRemindersRead(db, { buyerId: viewer.id, now });
  revalidatePath("/", "layout");
  return { status: "success" };
});

/** The bell's "Mark all read", a plain form (the bell has no script of its own). */
export async function markAllReadForm(formData: FormData): Promise<void> {
  // A plain form has no state to show a refusal in: a signed-out caller goes to sign-in.
  await requireViewer("/");
  await markRemindersReadAction(idle, formData);
}

/** The Privacy page's reminders form, a plain form: the outcome comes back in the address. */
export async function saveRemindersForm(formData: FormData): Promise<void> {
  await requireViewer("/privacy");
  const result = await saveRemindersAction(idle, formData);
  redirect(`/privacy?reminders=${result.status === "success" ? "saved" : "invalid"}#reminders-heading`);
}

/** Extend, one tap from a stopping line's reminder; then the order, with its new end. */
export async function extendFromReminderForm(formData: FormData): Promise<void> {
  await requireViewer("/orders");
  const orderId = String(formData.get("orderId") ?? "");
  await extendLineAction(idle, formData);
  redirect(/^[0-9a-f-]{36}$/.test(orderId) ? `/orders/${orderId}` : "/orders");
}
