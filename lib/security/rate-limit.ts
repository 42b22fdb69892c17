import "server-only";
import { createHmac } from "node:crypto";
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { phoneHash } from "@/lib/crypto/phone";
import type { Executor } from "@/lib/db";
import { rateLimits, users } from "@/lib/db/schema";
import { secrets } from "@/lib/env";
import { normalizeCnMobile } from "@/lib/phone";
import { hasNoControlChars } from "@/lib/validation";
import { securitySettings } from "./settings";

/**
 * One counter: at most `max` attempts per fixed window of `windowMs`. A progressive bucket instead
 * lets every attempt over `max` through after a delay since the previous one, doubling from
 * `delayMs` up to `windowMs`, and forgets its count after a quiet `windowMs`.
 */
export type Bucket = { key: string; max: number; windowMs: number; delayMs?: number };

export type LimitResult = { ok: true } | { ok: false; retryAt: Date; retryAfterS: number };

export type AttemptKind = "sign-in" | "sign-up" | "reauth" | "reset";

/** Buckets are stored under a keyed hash: the table never holds an email, a number or an IP in clear. */
function bucketKey(parts: string): string {
  return createHmac("sha256", Buffer.from(secrets().PHONE_HASH_KEY, "base64"))
    .update(`rate-limit:${parts}`, "utf8")
    .digest("hex");
}

/** The key of an account's own sign-in bucket (one however the account was named). */
export function accountBucketKey(kind: AttemptKind, userId: string): string {
  return bucketKey(`${kind}:user:${userId}`);
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
  const perAccount = {
    "sign-in": s.signInPerAccount,
    "sign-up": s.signUpPerAccount,
    reauth: s.reauthPerAccount,
    reset: s.resetPerAccount,
  }[kind];
  const buckets: Bucket[] = [...new Set(identifiers.filter(Boolean).map(normalizeIdentifier))].map((id) => ({
    key: bucketKey(`${kind}:account:${id}`),
    max: perAccount,
    windowMs,
  }));
  const perIp = { "sign-in": s.signInPerIp, "sign-up": s.signUpPerIp, reauth: null, reset: s.resetPerIp }[kind];
  if (perIp !== null && ip) buckets.push({ key: bucketKey(`${kind}:ip:${ip}`), max: perIp, windowMs });
  return buckets;
}

function limited(retryAt: Date, now: Date): LimitResult {
  return { ok: false, retryAt, retryAfterS: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)) };
}

/** The wait before the next attempt of a progressive bucket that has counted `count`. */
export function progressiveDelayMs(bucket: Required<Bucket>, count: number): number {
  if (count < bucket.max) return 0;
  return Math.min(bucket.delayMs * 2 ** Math.min(count - bucket.max, 30), bucket.windowMs);
}

/**
 * Counts the attempt unless it comes before the delay is over (then nothing changes, so hammering
 * does not push the wait further), under a row lock so parallel guesses queue. Returns when a
 * refused attempt may be made, or null when it was counted.
 */
async function consumeProgressive(db: Executor, bucket: Required<Bucket>, now: Date): Promise<Date | null> {
  return db.transaction(async (tx) => {
    await tx
      .insert(rateLimits)
      .values({ key: bucket.key, windowStart: now, count: 0, lastAt: now })
      .onConflictDoNothing();
    const [row] = await tx
      .select({ count: rateLimits.count, lastAt: rateLimits.lastAt })
      .from(rateLimits)
      .where(eq(rateLimits.key, bucket.key))
      .for("update");
    const stale = row.lastAt.getTime() <= now.getTime() - bucket.windowMs;
    const count = stale ? 0 : row.count;
    const next = new Date(row.lastAt.getTime() + progressiveDelayMs(bucket, count));
    if (!stale && next > now) return next;
    await tx
      .update(rateLimits)
      .set({ count: count + 1, lastAt: now, ...(stale ? { windowStart: now } : {}) })
      .where(eq(rateLimits.key, bucket.key));
    return null;
  });
}

/**
 * Counts one attempt against every bucket, atomically per bucket (one upsert each), so the limit
 * holds across processes and under concurrency. Over the limit in any bucket: refused, with the
 * instant the latest of those windows ends.
 */
export async function consumeAttempt(db: Executor, { buckets, now }: { buckets: Bucket[]; now: Date }) {
  let retryAt: Date | null = null;
  for (const bucket of buckets) {
    if (bucket.delayMs !== undefined) {
      const ends = await consumeProgressive(db, bucket as Required<Bucket>, now);
      if (ends && (!retryAt || ends > retryAt)) retryAt = ends;
      continue;
    }
    const cutoff = new Date(now.getTime() - bucket.windowMs).toISOString();
    const stale = sql`${rateLimits.windowStart} <= ${cutoff}::timestamptz`;
    const [row] = await db
      .insert(rateLimits)
      .values({ key: bucket.key, windowStart: now, count: 1, lastAt: now })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          windowStart: sql`case when ${stale} then excluded.window_start else ${rateLimits.windowStart} end`,
          count: sql`case when ${stale} then 1 else ${rateLimits.count} + 1 end`,
          lastAt: sql`excluded.last_at`,
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
    .select({
      key: rateLimits.key,
      windowStart: rateLimits.windowStart,
      count: rateLimits.count,
      lastAt: rateLimits.lastAt,
    })
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
    if (bucket.delayMs !== undefined) {
      if (row.lastAt.getTime() <= now.getTime() - bucket.windowMs) continue;
      const next = new Date(row.lastAt.getTime() + progressiveDelayMs(bucket as Required<Bucket>, row.count));
      if (next > now && (!retryAt || next > retryAt)) retryAt = next;
      continue;
    }
    const ends = new Date(row.windowStart.getTime() + bucket.windowMs);
    if (ends > now && row.count >= bucket.max && (!retryAt || ends > retryAt)) retryAt = ends;
  }
  return retryAt ? limited(retryAt, now) : ({ ok: true } as LimitResult);
}

/** Gives one attempt back (a successful sign-in): only failures count towards the limit. */
export async function refundAttempt(db: Executor, { buckets, now }: { buckets: Bucket[]; now: Date }) {
  for (const bucket of buckets) {
    const cutoff = new Date(now.getTime() - bucket.windowMs);
    // The account's own bucket: the right password proves the owner, whose slate is wiped.
    if (bucket.delayMs !== undefined) {
      await db.delete(rateLimits).where(eq(rateLimits.key, bucket.key));
      continue;
    }
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
    .where(lt(rateLimits.lastAt, new Date(now.getTime() - longest)))
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
  const buckets = await signInBuckets(db, { identifier, ip });
  const gate = await consumeAttempt(db, { buckets, now });
  if (!gate.ok) return null;
  const result = await verify();
  if (result) await refundAttempt(db, { buckets, now });
  return result;
}

/**
 * The buckets of a sign-in: the account's own (found by its email or its mobile, so that alternating
 * the two counts against one account; progressive: delays, never a wall) and the address's.
 */
export async function signInBuckets(
  db: Executor,
  { identifier, ip }: { identifier: string; ip?: string | null },
): Promise<Bucket[]> {
  const s = securitySettings;
  const windowMs = s.rateLimitWindowMinutes * 60_000;
  const normalized = normalizeIdentifier(identifier);
  const mobile = normalized.includes("@") ? null : normalizeCnMobile(normalized);
  const where = mobile ? eq(users.phoneHash, phoneHash(mobile)) : eq(users.email, normalized);
  const [user] =
    normalized && hasNoControlChars(normalized)
      ? await db.select({ id: users.id }).from(users).where(where).limit(1)
      : [];
  const account: Bucket = {
    key: user ? accountBucketKey("sign-in", user.id) : bucketKey(`sign-in:account:${normalized}`),
    max: s.signInPerAccount,
    windowMs,
    delayMs: s.signInDelaySeconds * 1000,
  };
  const buckets = normalized ? [account] : [];
  if (ip) buckets.push({ key: bucketKey(`sign-in:ip:${ip}`), max: s.signInPerIp, windowMs });
  return buckets;
}

/** Minutes to show in "Try again in N minutes". */
export function minutesUntil(result: Extract<LimitResult, { ok: false }>): number {
  return Math.max(1, Math.ceil(result.retryAfterS / 60));
}
