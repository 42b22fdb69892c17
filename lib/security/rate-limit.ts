import "server-only";
import { createHmac } from "node:crypto";
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";
import { secrets } from "@/lib/env";
import { normalizeCnMobile } from "@/lib/phone";
import { securitySettings } from "./settings";

/** One counter: at most `max` attempts per fixed window of `windowMs`. */
export type Bucket = { key: string; max: number; windowMs: number };

export type LimitResult = { ok: true } | { ok: false; retryAt: Date; retryAfterS: number };

export type AttemptKind = "sign-in" | "sign-up" | "reauth";

/** Buckets are stored under a keyed hash: the table never holds an email, a number or an IP in clear. */
function bucketKey(parts: string): string {
  return createHmac("sha256", Buffer.from(secrets().PHONE_HASH_KEY, "base64"))
    .update(`rate-limit:${parts}`, "utf8")
    .digest("hex");
}

/** One account however it is written: emails lower-cased, mobiles reduced to their 11 digits. */
export function normalizeIdentifier(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.includes("@")) return trimmed.toLowerCase();
  return normalizeCnMobile(trimmed) ?? trimmed.toLowerCase();
}

/**
 * The client's address. Under `next start` the server hook (client-address.ts) has already replaced
 * X-Forwarded-For by the one address it trusts (the socket's, or per TRUSTED_PROXY_HOPS); the
 * rightmost entry is read all the same, so a stray list can never pick a client-chosen entry.
 */
export function clientIp(headers: Headers | undefined | null): string {
  const forwarded = headers?.get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  return (last || "unknown").slice(0, 64);
}

/** The buckets an attempt of `kind` counts against. */
export function bucketsFor(
  kind: AttemptKind,
  { identifiers, ip }: { identifiers: string[]; ip?: string | null },
): Bucket[] {
  const s = securitySettings;
  const windowMs = s.rateLimitWindowMinutes * 60_000;
  const perAccount = { "sign-in": s.signInPerAccount, "sign-up": s.signUpPerAccount, reauth: s.reauthPerAccount }[kind];
  const buckets = [...new Set(identifiers.filter(Boolean).map(normalizeIdentifier))].map((id) => ({
    key: bucketKey(`${kind}:account:${id}`),
    max: perAccount,
    windowMs,
  }));
  const perIp = kind === "sign-in" ? s.signInPerIp : kind === "sign-up" ? s.signUpPerIp : null;
  if (perIp !== null && ip) buckets.push({ key: bucketKey(`${kind}:ip:${ip}`), max: perIp, windowMs });
  return buckets;
}

function limited(retryAt: Date, now: Date): LimitResult {
  return { ok: false, retryAt, retryAfterS: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) };
}

/**
 * Counts one attempt against every bucket, atomically per bucket (one upsert each), so the limit
 * holds across processes and under concurrency. Over the limit in any bucket: refused, with the
 * instant the latest of those windows ends.
 */
export async function consumeAttempt(db: Executor, { buckets, now }: { buckets: Bucket[]; now: Date }) {
  let retryAt: Date | null = null;
  for (const bucket of buckets) {
    const cutoff = new Date(now.getTime() - bucket.windowMs).toISOString();
    const stale = sql`${rateLimits.windowStart} <= ${cutoff}::timestamptz`;
    const [row] = await db
      .insert(rateLimits)
      .values({ key: bucket.key, windowStart: now, count: 1 })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          windowStart: sql`case when ${stale} then excluded.window_start else ${rateLimits.windowStart} end`,
          count: sql`case when ${stale} then 1 else ${rateLimits.count} + 1 end`,
        },
      })
      .returning({ windowStart: rateLimits.windowStart, count: rateLimits.count });
    if (row.count > bucket.max) {
      const ends = new Date(row.windowStart.getTime() + bucket.windowMs);
      if (!retryAt || ends > retryAt) retryAt = ends;
    }
  }
  return retryAt ? limited(retryAt, now) : ({ ok: true } as LimitResult);
}

/** Whether the next attempt would be refused, without counting one. */
export async function peekAttempt(db: Executor, { buckets, now }: { buckets: Bucket[]; now: Date }) {
  if (buckets.length === 0) return { ok: true } as LimitResult;
  const rows = await db
    .select({ key: rateLimits.key, windowStart: rateLimits.windowStart, count: rateLimits.count })
    .from(rateLimits)
    .where(
      inArray(
        rateLimits.key,
        buckets.map((b) => b.key),
      ),
    );
  let retryAt: Date | null = null;
  for (const row of rows) {
    const bucket = buckets.find((b) => b.key === row.key);
    if (!bucket) continue;
    const ends = new Date(row.windowStart.getTime() + bucket.windowMs);
    if (ends > now && row.count >= bucket.max && (!retryAt || ends > retryAt)) retryAt = ends;
  }
  return retryAt ? limited(retryAt, now) : ({ ok: true } as LimitResult);
}

/** Gives one attempt back (a successful sign-in): only failures count towards the limit. */
export async function refundAttempt(db: Executor, { buckets, now }: { buckets: Bucket[]; now: Date }) {
  for (const bucket of buckets) {
    const cutoff = new Date(now.getTime() - bucket.windowMs);
    await db
      .update(rateLimits)
      .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
      .where(and(eq(rateLimits.key, bucket.key), gt(rateLimits.windowStart, cutoff)));
  }
}

/** Drops counters whose window ended long ago. */
export async function pruneRateLimits(db: Executor, { now }: { now: Date }): Promise<number> {
  const longest = Math.max(securitySettings.rateLimitWindowMinutes, 60) * 60_000;
  const deleted = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, new Date(now.getTime() - longest)))
    .returning({ key: rateLimits.key });
  return deleted.length;
}

/**
 * Sign-in with throttling: the attempt is counted before the password is checked (so parallel
 * guesses cannot slip past the limit) and given back when it succeeds.
 */
export async function throttledSignIn<T>(
  db: Executor,
  { identifier, ip, now }: { identifier: string; ip: string; now: Date },
  verify: () => Promise<T | null>,
): Promise<T | null> {
  const buckets = bucketsFor("sign-in", { identifiers: [identifier], ip });
  const gate = await consumeAttempt(db, { buckets, now });
  if (!gate.ok) return null;
  const result = await verify();
  if (result) await refundAttempt(db, { buckets, now });
  return result;
}

/** Minutes to show in "Try again in N minutes". */
export function minutesUntil(result: Extract<LimitResult, { ok: false }>): number {
  return Math.max(1, Math.ceil(result.retryAfterS / 60));
}
