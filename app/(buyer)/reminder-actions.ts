"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { withBuyer } from "@/lib/dal";
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
