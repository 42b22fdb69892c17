import type { Agent } from "node:https";
import { eq } from "drizzle-orm";
import webpush, { WebPushError } from "web-push";
import { pushSubscriptions, reminders } from "@/lib/db/schema";
import { isLocale } from "@/lib/i18n/config";
import type { JobHandler } from "@/lib/jobs/types";
import { quietUntil } from "./quiet";
import { reminderChoices } from "./remind";
import { reminderText } from "./text";
import { vapid } from "./vapid";

/** What the service worker receives (lib/pwa/sw.ts shows it). */
export type PushReminder = { title: string; body: string; url: string; tag: string; action: string | null };

/** A reminder push service keeps at most a day: one older than that is no longer worth showing. */
const TTL_SECONDS = 24 * 60 * 60;

/** The push service says this subscription is gone (RFC 8030 §7.3: 404 and 410). */
export const isGone = (error: unknown) =>
  error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410);

/**
 * `reminder.push`: one reminder to one subscription, encrypted (RFC 8291) and signed with VAPID.
 * Quiet hours postpone it to their end; a gone subscription is dropped; other failures retry.
 * `agent`: the tests' local push service has a certificate of its own.
 */
export function createPushHandler({ agent }: { agent?: Agent } = {}): JobHandler {
  return {
    async handle(job, { db, now }) {
      const { reminderId, subscriptionId } = job.payload as { reminderId: string; subscriptionId: string };
      const [subscription] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, subscriptionId));
      const [reminder] = await db.select().from(reminders).where(eq(reminders.id, reminderId));
      // Unsubscribed, or the account was deleted since: nothing to send.
      if (!subscription || !reminder || reminder.buyerId !== subscription.buyerId) return;
      const choices = await reminderChoices(db, { buyerId: reminder.buyerId });
      if (!choices[reminder.kind]) return;
      const until = quietUntil(now, choices);
      if (until) return { retryAt: until };
      const locale = isLocale(subscription.locale) ? subscription.locale : "en";
      const text = reminderText(locale, reminder);
      const message: PushReminder = { ...text, url: reminder.url, tag: reminder.id };
      const keys = vapid();
      try {
        await webpush.sendNotification(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          JSON.stringify(message),
          {
            TTL: TTL_SECONDS,
            urgency: "normal",
            contentEncoding: "aes128gcm",
            vapidDetails: { subject: keys.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
            timeout: 10_000,
            ...(agent ? { agent } : {}),
          },
        );
      } catch (error) {
        if (!isGone(error)) throw error;
        await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, subscription.id));
      }
    },
  };
}

export const pushReminderHandler = createPushHandler();
