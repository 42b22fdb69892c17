import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "@/lib/accounts";
import type { DbHandle } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { drivers } from "@/lib/testing/db";
import {
  accountBucketKey,
  bucketsFor,
  clientIp,
  consumeAttempt,
  minutesUntil,
  normalizeIdentifier,
  peekAttempt,
  progressiveDelayMs,
  pruneRateLimits,
  refundAttempt,
  signInBuckets,
  throttledSignIn,
} from "./rate-limit";
import { securitySettings } from "./settings";

const MINUTE = 60_000;
const T0 = new Date("2026-03-01T08:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);
const windowMin = securitySettings.rateLimitWindowMinutes;

describe("identifiers and addresses", () => {
  it("counts one account however it is written", () => {
    expect(normalizeIdentifier(" Buyer@Example.COM ")).toBe("buyer@example.com");
    expect(normalizeIdentifier("+86 138-1234-5678")).toBe("13812345678");
    expect(normalizeIdentifier("13812345678")).toBe("13812345678");
    const a = bucketsFor("sign-in", { identifiers: ["+86 138 1234 5678"], ip: "1.2.3.4" });
    const b = bucketsFor("sign-in", { identifiers: ["13812345678"], ip: "1.2.3.4" });
    expect(a.map((x) => x.key)).toEqual(b.map((x) => x.key));
  });

  it("keeps sign-in, sign-up and re-authentication apart, and stores no identifier in clear", () => {
    const signIn = bucketsFor("sign-in", { identifiers: ["a@example.com"], ip: "1.2.3.4" });
    const signUp = bucketsFor("sign-up", { identifiers: ["a@example.com"], ip: "1.2.3.4" });
    expect(signIn).toHaveLength(2);
    expect(signUp).toHaveLength(2);
    expect(signIn[0].key).not.toBe(signUp[0].key);
    for (const b of [...signIn, ...signUp]) {
      expect(b.key).toMatch(/^[0-9a-f]{64}$/);
      expect(b.key).not.toContain("example");
    }
    expect(bucketsFor("reauth", { identifiers: ["u1"], ip: "1.2.3.4" })).toHaveLength(1);
  });

  it("gives a missing identifier no account bucket, and one account named twice one bucket", () => {
    // A sign-up with no mobile yet must not share one "" bucket with every other such sign-up.
    const buckets = bucketsFor("sign-up", { identifiers: ["", "A@example.com", "a@example.com"], ip: null });
    expect(buckets).toEqual(bucketsFor("sign-up", { identifiers: ["a@example.com"], ip: null }));
    expect(buckets).toHaveLength(1);
  });

  it("takes the address the nearest proxy appended, not what the client claimed", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientIp(new Headers({ "x-real-ip": "9.9.9.9" }))).toBe("unknown");
    expect(clientIp(new Headers())).toBe("unknown");
    expect(clientIp(undefined)).toBe("unknown");
    // A trailing comma leaves no empty last entry, and a giant header is cut to a key's size.
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7, " }))).toBe("10.0.0.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "a".repeat(500) }))).toBe("a".repeat(64));
  });

  it("gives each account and each kind of attempt its own bucket, and a name that is neither email nor mobile one too", () => {
    expect(accountBucketKey("sign-in", "user-a")).not.toBe(accountBucketKey("sign-in", "user-b"));
    expect(accountBucketKey("sign-in", "user-a")).not.toBe(accountBucketKey("reauth", "user-a"));
    expect(accountBucketKey("sign-in", "user-a")).toBe(accountBucketKey("sign-in", "user-a"));
    expect(normalizeIdentifier("  SomeOne ")).toBe("someone");
  });
});

describe.each(drivers())("rate limiting on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("of two progressive buckets waiting, says the later; a quiet window starts a bucket afresh", async () => {
    const short = { key: "prog-short", max: 1, windowMs: windowMin * MINUTE, delayMs: 30_000 };
    const long = { key: "prog-long", max: 1, windowMs: windowMin * MINUTE, delayMs: 60_000 };
    const buckets = [short, long];
    expect(await consumeAttempt(handle.db, { buckets, now: T0 })).toEqual({ ok: true });
    expect(await consumeAttempt(handle.db, { buckets, now: new Date(T0.getTime() + 1_000) })).toEqual({
      ok: false,
      retryAt: new Date(T0.getTime() + 60_000),
      retryAfterS: 59,
    });
    const quiet = at(windowMin);
    expect(await consumeAttempt(handle.db, { buckets, now: quiet })).toEqual({ ok: true });
    const [row] = await handle.db.select().from(rateLimits).where(eq(rateLimits.key, "prog-short"));
    expect(row).toMatchObject({ count: 1, windowStart: quiet, lastAt: quiet });
  });

  it("of several buckets over their limits, says the latest wait, whichever comes first, counting or not", async () => {
    const plus = (ms: number) => new Date(T0.getTime() + ms);
    for (const [name, windows] of [
      ["rising", [10, 20]],
      ["falling", [20, 10]],
    ] as const) {
      const fixed = windows.map((w, i) => ({ key: `many-${name}-${i}`, max: 1, windowMs: w * MINUTE }));
      expect(await consumeAttempt(handle.db, { buckets: fixed, now: T0 })).toEqual({ ok: true });
      expect(await consumeAttempt(handle.db, { buckets: fixed, now: plus(1_000) })).toMatchObject({
        ok: false,
        retryAt: plus(20 * MINUTE),
      });
      expect(await peekAttempt(handle.db, { buckets: fixed, now: plus(2_000) })).toMatchObject({
        ok: false,
        retryAt: plus(20 * MINUTE),
      });
      const delays = windows.map((w) => w * 3_000);
      const progressive = delays.map((delayMs, i) => ({
        key: `many-progressive-${name}-${i}`,
        max: 1,
        windowMs: windowMin * MINUTE,
        delayMs,
      }));
      expect(await consumeAttempt(handle.db, { buckets: progressive, now: T0 })).toEqual({ ok: true });
      expect(await peekAttempt(handle.db, { buckets: progressive, now: plus(2_000) })).toMatchObject({
        ok: false,
        retryAt: plus(60_000),
      });
      expect(await consumeAttempt(handle.db, { buckets: progressive, now: plus(2_000) })).toMatchObject({
        ok: false,
        retryAt: plus(60_000),
      });
      // A full window first, then a progressive bucket with no wait of its own: still refused, until the window ends.
      const mixed = [
        { key: `many-mixed-${name}`, max: 1, windowMs: 10 * MINUTE },
        { key: `many-mixed-progressive-${name}`, max: 1, windowMs: windowMin * MINUTE, delayMs: 30_000 },
      ];
      expect(await consumeAttempt(handle.db, { buckets: mixed.slice(0, 1), now: T0 })).toEqual({ ok: true });
      expect(await consumeAttempt(handle.db, { buckets: mixed, now: plus(1_000) })).toMatchObject({
        ok: false,
        retryAt: plus(10 * MINUTE),
      });
    }
  });

  it("allows max attempts per window, refuses the next, and says when to try again", async () => {
    const buckets = [{ key: "t1", max: 3, windowMs: windowMin * MINUTE }];
    for (let i = 0; i < 3; i++) expect(await consumeAttempt(handle.db, { buckets, now: at(i) })).toEqual({ ok: true });
    expect(await peekAttempt(handle.db, { buckets, now: at(3) })).toMatchObject({ ok: false });
    const refused = await consumeAttempt(handle.db, { buckets, now: at(3) });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.retryAt).toEqual(at(windowMin));
    expect(refused.retryAfterS).toBe((windowMin - 3) * 60);
    expect(minutesUntil(refused)).toBe(windowMin - 3);
    // Refused attempts do not move the window: it still ends windowMin after the first attempt.
    const later = await consumeAttempt(handle.db, { buckets, now: at(windowMin - 1) });
    expect(later).toMatchObject({ ok: false, retryAt: at(windowMin), retryAfterS: 60 });
    // A fresh window starts once the old one is over.
    expect(await consumeAttempt(handle.db, { buckets, now: at(windowMin) })).toEqual({ ok: true });
    expect(await peekAttempt(handle.db, { buckets, now: at(windowMin) })).toEqual({ ok: true });
  });

  it("refuses when any bucket is over, and reports the latest end", async () => {
    const account = { key: "acct", max: 1, windowMs: 10 * MINUTE };
    const ip = { key: "ip", max: 5, windowMs: 30 * MINUTE };
    expect(await consumeAttempt(handle.db, { buckets: [account, ip], now: at(0) })).toEqual({ ok: true });
    const second = await consumeAttempt(handle.db, { buckets: [account, ip], now: at(1) });
    expect(second).toMatchObject({ ok: false, retryAt: at(10) });
    // Another account from the same address is still fine until the address itself is over.
    const other = { key: "acct2", max: 10, windowMs: 10 * MINUTE };
    for (let i = 0; i < 3; i++) {
      expect(await consumeAttempt(handle.db, { buckets: [other, ip], now: at(2) })).toEqual({ ok: true });
    }
    expect(await consumeAttempt(handle.db, { buckets: [other, ip], now: at(2) })).toMatchObject({
      ok: false,
      retryAt: at(30),
    });
  });

  it("sign-in counts failures only; over the limit each attempt waits, the wait doubling; the right password wipes the slate", async () => {
    const now = at(100);
    const SECOND = 1000;
    const who = { identifier: "refund@example.com", ip: "203.0.113.9", now };
    for (let i = 0; i < securitySettings.signInPerAccount * 2; i++) {
      expect(await throttledSignIn(handle.db, who, async () => ({ id: "ok" }))).toEqual({ id: "ok" });
    }
    for (let i = 0; i < securitySettings.signInPerAccount; i++) {
      expect(await throttledSignIn(handle.db, who, async () => null)).toBeNull();
    }
    let verified = 0;
    const right = await throttledSignIn(handle.db, who, async () => {
      verified += 1;
      return { id: "ok" };
    });
    // Inside the delay even the right password is not checked: guessing cannot go on.
    expect(right).toBeNull();
    expect(verified).toBe(0);
    const buckets = await signInBuckets(handle.db, { identifier: "REFUND@example.com", ip: "203.0.113.9" });
    const delay = securitySettings.signInDelaySeconds * SECOND;
    expect(await peekAttempt(handle.db, { buckets, now })).toMatchObject({
      ok: false,
      retryAt: new Date(now.getTime() + delay),
    });
    // A different address does not unlock the account.
    expect(await throttledSignIn(handle.db, { ...who, ip: "198.51.100.1" }, async () => ({ id: "ok" }))).toBeNull();
    // After the delay one more guess; a wrong one doubles the next wait (and refused attempts did not count).
    const later = (ms: number) => ({ ...who, now: new Date(now.getTime() + ms) });
    expect(await throttledSignIn(handle.db, later(delay), async () => null)).toBeNull();
    expect(await throttledSignIn(handle.db, later(delay + 2 * delay - SECOND), async () => ({ id: "ok" }))).toBeNull();
    expect(await throttledSignIn(handle.db, later(3 * delay), async () => ({ id: "ok" }))).toEqual({ id: "ok" });
    // The owner got in: the next typo is not held against the earlier guesses.
    expect(await throttledSignIn(handle.db, later(3 * delay), async () => null)).toBeNull();
    expect(await throttledSignIn(handle.db, later(3 * delay), async () => ({ id: "ok" }))).toEqual({ id: "ok" });
  });

  it("counts the email and the mobile of one account against the one account", async () => {
    const created = await createAccount(handle.db, {
      name: "Two Names",
      email: "two-names@example.com",
      phone: "13866665555",
      password: "correct horse battery",
    });
    expect(created.ok).toBe(true);
    const now = at(300);
    const names = ["two-names@example.com", "13866665555", "+86 138 6666 5555", "TWO-NAMES@example.com"];
    for (let i = 0; i < securitySettings.signInPerAccount; i++) {
      const identifier = names[i % names.length] as string;
      expect(await throttledSignIn(handle.db, { identifier, ip: `203.0.113.${i}`, now }, async () => null)).toBeNull();
    }
    for (const identifier of names) {
      const buckets = await signInBuckets(handle.db, { identifier, ip: "198.51.100.7" });
      expect((await peekAttempt(handle.db, { buckets, now })).ok, identifier).toBe(false);
    }
  });

  it("gives an empty identifier only the address's bucket, and looks up no account by one with a NUL", async () => {
    const ip = "198.51.100.8";
    const empty = await signInBuckets(handle.db, { identifier: "  ", ip });
    expect(empty).toEqual([expect.objectContaining({ max: securitySettings.signInPerIp })]);
    // PostgreSQL refuses a NUL in text: the lookup is skipped and the attempt is still counted by its name.
    const nul = await signInBuckets(handle.db, { identifier: "a\u0000b@example.com", ip });
    expect(nul.map((bucket) => bucket.max)).toEqual([securitySettings.signInPerAccount, securitySettings.signInPerIp]);
    // Without an address (a server-side call), only the account's bucket.
    const noAddress = await signInBuckets(handle.db, { identifier: "no-address@example.com", ip: null });
    expect(noAddress.map((bucket) => bucket.max)).toEqual([securitySettings.signInPerAccount]);
  });

  it("never waits longer than one window, however many guesses", () => {
    const bucket = { key: "k", max: 5, windowMs: 15 * MINUTE, delayMs: 30_000 };
    expect([4, 5, 6, 7, 8, 9, 10, 50, 10_000].map((count) => progressiveDelayMs(bucket, count))).toEqual([
      0,
      30_000,
      60_000,
      120_000,
      240_000,
      480_000,
      15 * MINUTE,
      15 * MINUTE,
      15 * MINUTE,
    ]);
  });

  it("holds under concurrency: exactly max of many parallel attempts get through", async () => {
    const buckets = [{ key: "race", max: 4, windowMs: windowMin * MINUTE }];
    const results = await Promise.all(
      Array.from({ length: 12 }, () => consumeAttempt(handle.db, { buckets, now: at(200) })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(4);
  });

  it("refunds never go below zero, and old counters are pruned", async () => {
    const buckets = [{ key: "refund-floor", max: 2, windowMs: windowMin * MINUTE }];
    await refundAttempt(handle.db, { buckets, now: at(300) });
    await consumeAttempt(handle.db, { buckets, now: at(300) });
    await refundAttempt(handle.db, { buckets, now: at(300) });
    await refundAttempt(handle.db, { buckets, now: at(300) });
    const rows = await handle.db.select().from(rateLimits);
    expect(rows.find((r) => r.key === "refund-floor")?.count).toBe(0);
    const pruned = await pruneRateLimits(handle.db, { now: at(300 + 24 * 60) });
    expect(pruned).toBe(rows.length);
    expect(await handle.db.select().from(rateLimits)).toHaveLength(0);
  });

  it("prunes a counter only an hour after its last attempt, however short the window", async () => {
    await handle.db.delete(rateLimits);
    const buckets = [{ key: "prune-age", max: 3, windowMs: windowMin * MINUTE }];
    await consumeAttempt(handle.db, { buckets, now: at(1_000) });
    expect(await pruneRateLimits(handle.db, { now: at(1_000 + 59) })).toBe(0);
    expect(await pruneRateLimits(handle.db, { now: at(1_000 + 61) })).toBe(1);
  });

  it("says the next attempt is allowed the moment a full window ends, or a wait is over", async () => {
    const fixed = [{ key: "peek-window-end", max: 1, windowMs: 10 * MINUTE }];
    await consumeAttempt(handle.db, { buckets: fixed, now: at(2_000) });
    expect(await peekAttempt(handle.db, { buckets: fixed, now: at(2_000 + 9) })).toMatchObject({ ok: false });
    expect(await peekAttempt(handle.db, { buckets: fixed, now: at(2_010) })).toEqual({ ok: true });
    const progressive = { key: "peek-wait-over", max: 1, windowMs: windowMin * MINUTE, delayMs: 30_000 };
    await consumeAttempt(handle.db, { buckets: [progressive], now: at(3_000) });
    const wait = progressiveDelayMs(progressive, 1);
    expect(wait).toBeGreaterThan(0);
    const over = new Date(at(3_000).getTime() + wait);
    expect(await peekAttempt(handle.db, { buckets: [progressive], now: new Date(over.getTime() - 1) })).toMatchObject({
      ok: false,
      retryAt: over,
    });
    expect(await peekAttempt(handle.db, { buckets: [progressive], now: over })).toEqual({ ok: true });
  });
});
