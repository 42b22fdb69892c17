import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/lib/db";
import { pushSubscriptions } from "@/lib/db/schema";
import { isDemoMode } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";

const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * A push endpoint is an address this server will POST to: https only, as every push service is;
 * plain http only to this machine's loopback, and only in demo mode (the tests' local push service).
 */
export function pushEndpointAllowed(endpoint: string, { demo = isDemoMode() }: { demo?: boolean } = {}): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password || endpoint.length > 1000) return false;
  if (url.protocol === "https:") return !LOOPBACK.has(url.hostname) || demo;
  return demo && url.protocol === "http:" && LOOPBACK.has(url.hostname);
}

const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .refine((value) => Buffer.from(value, "base64url").length === bytes);

/** The browser's PushSubscription.toJSON(): an endpoint and its two keys (RFC 8291). */
export const subscriptionSchema = z.object({
  endpoint: z.string().refine((value) => pushEndpointAllowed(value)),
  keys: z.object({ p256dh: base64url(65), auth: base64url(16) }),
});
export type SubscriptionInput = z.infer<typeof subscriptionSchema>;

/** Saves (or moves to this buyer) a browser's subscription: one endpoint belongs to one buyer. */
export async function saveSubscription(
  db: Executor,
  {
    buyerId,
    subscription,
    locale,
    now,
  }: { buyerId: string; subscription: SubscriptionInput; locale: Locale; now: Date },
): Promise<string> {
  const values = {
    buyerId,
    endpoint: subscription.endpoint,
    p256dh: subscription.keys.p256dh,
    auth: subscription.keys.auth,
    locale,
    createdAt: now,
  };
  const [row] = await db
    .insert(pushSubscriptions)
    .values(values)
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values })
    .returning({ id: pushSubscriptions.id });
  return row.id;
}

export async function removeSubscription(db: Executor, { buyerId, endpoint }: { buyerId: string; endpoint: string }) {
  await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.buyerId, buyerId), eq(pushSubscriptions.endpoint, endpoint)));
}
