import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, hashPassword, verifyCredentials } from "@/lib/accounts";
import type { Db, DbHandle } from "@/lib/db/client";
import {
  authSessions,
  bindings,
  blockedCallers,
  contactEvents,
  orders,
  protectionSettings,
  users,
} from "@/lib/db/schema";
import { recordActivity } from "@/lib/protection/activity";
import { blockCaller } from "@/lib/protection/contacts";
import { transitionOrder } from "@/lib/protection/orders";
import { decideCall, recordMessage } from "@/lib/protection/relay";
import { securitySettings } from "@/lib/security/settings";
import { drivers } from "@/lib/testing/db";
import {
  COURIER_PHONE,
  MERCHANT_PHONE,
  makeProtectedBuyer,
  type PlacedLine,
  placeProtectedOrder,
  STRANGER,
  seedRelayWorld,
} from "@/lib/testing/relay";
import { deleteAccount } from "./delete-account";
import { ERASED_CALLER_HASH, ERASED_CALLER_MASKED } from "./erase";
import { exportAccountData } from "./export";
import { purgeExpiredContactData } from "./purge";
import { confirmPassword } from "./reauth";

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = "a long enough password";
const NOTICE = "【菜鸟驿站】您的包裹已到文三路站，取件码 5-2-1043，请凭码取件。";

/** Every row of every table as text: what a database dump would show. */
async function dumpText(db: Db): Promise<string> {
  const result = await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { table_name: string }[];
  const parts: string[] = [];
  for (const { table_name } of rows) {
    const data = await db.execute(sql.raw(`select * from "${table_name}"`));
    parts.push(JSON.stringify(Array.isArray(data) ? data : (data as { rows: unknown[] }).rows));
  }
  return parts.join("\n");
}

describe.each(drivers())("buyer's rights on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let merchantId: number;
  const t0 = new Date("2026-04-01T02:00:00Z");

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
    ({ merchantId } = await seedRelayWorld(db, { size: 20 }));
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function buyerWithTraffic() {
    const buyer = await makeProtectedBuyer(db);
    const line = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: t0 });
    const call = await decideCall(db, { host: line.host, extension: line.extension, caller: STRANGER, now: t0 });
    expect(call.action).toBe("forward");
    await recordMessage(db, {
      host: line.host,
      extension: line.extension,
      sender: COURIER_PHONE,
      text: NOTICE,
      now: new Date(t0.getTime() + 60_000),
    });
    await decideCall(db, { host: line.host, extension: line.extension, caller: MERCHANT_PHONE, now: t0 });
    return { ...buyer, line };
  }

  it("download: account, orders, lines, contact log and activity, with the number masked", async () => {
    const a = await buyerWithTraffic();
    const b = await buyerWithTraffic();
    await recordActivity(db, { buyerId: a.id, kind: "protection_on", now: t0 });
    const data = await exportAccountData(db, { buyerId: a.id, includeRealNumber: false, now: t0 });
    expect(data).not.toBeNull();
    const text = JSON.stringify(data);
    expect(data?.account).toMatchObject({ id: a.id, mobile: `${a.phone.slice(0, 3)}****${a.phone.slice(-4)}` });
    expect(data?.account.mobileShown).toBe("masked");
    expect(text).not.toContain(a.phone);
    expect(data?.orders).toHaveLength(1);
    const [order] = data?.orders ?? [];
    expect(order.orderNo).toBe(a.line.orderNo);
    expect(order.recipientName).toBe("Li Wei");
    expect(order.specialLines).toEqual([
      expect.objectContaining({ lastFour: a.line.extension, state: "active", endedAt: null }),
    ]);
    expect(order.parcels).toEqual([]);
    expect(order.contactLog).toHaveLength(3);
    // No courier is assigned before shipping, so the courier's number is an unknown caller here.
    expect(order.contactLog.map((c) => c.callerKind).sort()).toEqual(["merchant", "unknown", "unknown"]);
    expect(order.contactLog.find((c) => c.channel === "message")).toMatchObject({
      text: NOTICE,
      pickupCode: "5-2-1043",
    });
    expect(text).not.toContain(STRANGER);
    expect(data?.activity).toEqual([expect.objectContaining({ kind: "protection_on", at: t0.toISOString() })]);
    // Nothing of the other buyer.
    expect(text).not.toContain(b.id);
    expect(text).not.toContain(b.line.orderNo);
    // Dates are plain ISO strings.
    expect(data?.exportedAt).toBe(t0.toISOString());
  });

  it("download: each order's parcels, with the waybill's last four, the station and its codes", async () => {
    const a = await buyerWithTraffic();
    expect(
      await transitionOrder(db, { buyerId: a.id, orderId: a.line.orderId, transition: "ship", now: t0 }),
    ).toMatchObject({ ok: true });
    await recordMessage(db, {
      host: a.line.host,
      extension: a.line.extension,
      sender: COURIER_PHONE,
      text: NOTICE,
      now: new Date(t0.getTime() + 120_000),
    });
    const data = await exportAccountData(db, { buyerId: a.id, includeRealNumber: false, now: t0 });
    const [parcel, ...more] = data?.orders[0]?.parcels ?? [];
    expect(more).toEqual([]);
    expect(parcel).toMatchObject({
      waybillLastFour: a.line.extension,
      state: "at_station",
      codes: ["5-2-1043"],
      shippedAt: t0.toISOString(),
      pickedUpAt: null,
    });
    expect(parcel?.trackingNumber).toMatch(/^SF\d{12}$/);
  });

  it("download with the password confirmed includes the full number", async () => {
    const a = await buyerWithTraffic();
    const data = await exportAccountData(db, { buyerId: a.id, includeRealNumber: true, now: t0 });
    expect(data?.account.mobile).toBe(a.phone);
    expect(data?.account.mobileShown).toBe("full");
  });

  it("re-entering the password: right, wrong, and throttled per account", async () => {
    const a = await buyerWithTraffic();
    const now = new Date(t0.getTime() + 5 * DAY);
    expect(await confirmPassword(db, { userId: a.id, password: PASSWORD, now })).toEqual({ ok: true });
    for (let i = 0; i < securitySettings.reauthPerAccount; i++) {
      expect(await confirmPassword(db, { userId: a.id, password: `wrong ${i}`, now })).toEqual({
        ok: false,
        reason: "wrong_password",
      });
    }
    expect(await confirmPassword(db, { userId: a.id, password: PASSWORD, now })).toEqual({
      ok: false,
      reason: "too_many",
      minutes: securitySettings.rateLimitWindowMinutes,
    });
    const later = new Date(now.getTime() + securitySettings.rateLimitWindowMinutes * 60_000);
    expect(await confirmPassword(db, { userId: a.id, password: PASSWORD, now: later })).toEqual({ ok: true });
  });

  it("delete: ends every live line at once, erases personal data, keeps anonymous rows, revokes sessions", async () => {
    const a = await buyerWithTraffic();
    const b = await buyerWithTraffic();
    const second = await placeProtectedOrder(db, { buyerId: a.id, merchantId, now: t0 });
    const [event] = await db
      .select({ id: contactEvents.id })
      .from(contactEvents)
      .where(and(eq(contactEvents.buyerId, a.id), eq(contactEvents.callerKind, "unknown")));
    expect((await blockCaller(db, { buyerId: a.id, contactEventId: event.id, now: t0 })).ok).toBe(true);
    await db.insert(authSessions).values([
      { userId: a.id, expiresAt: new Date(Date.now() + DAY) },
      { userId: a.id, expiresAt: new Date(Date.now() + DAY) },
    ]);
    const [before] = await db.select().from(users).where(eq(users.id, a.id));
    const secretsOfA = [
      before.name,
      before.email,
      a.phone,
      before.phoneMasked,
      before.phoneCiphertext,
      before.phoneHash,
    ];
    const dumpBefore = await dumpText(db);
    for (const s of [...secretsOfA.filter((x) => x !== a.phone), NOTICE, "Room 1203"]) {
      expect(dumpBefore).toContain(s);
    }

    const now = new Date(t0.getTime() + 2 * DAY);
    expect(await deleteAccount(db, { buyerId: a.id, now })).toEqual({ ok: true, endedLines: 2 });

    // Lines: ended now, for this reason; a call to them is rejected from this instant.
    const lines = await db
      .select({ endedAt: bindings.endedAt, endReason: bindings.endReason })
      .from(bindings)
      .where(eq(bindings.buyerId, a.id));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toEqual({ endedAt: now, endReason: "account_deleted" });

    // Personal data: gone from every table, not just hidden.
    const dumpAfter = await dumpText(db);
    for (const s of secretsOfA) expect(dumpAfter).not.toContain(s);
    const [after] = await db.select().from(users).where(eq(users.id, a.id));
    expect(after).toMatchObject({ name: "", phoneCiphertext: "", phoneMasked: "", passwordHash: "", deletedAt: now });
    const aOrders = await db
      .select({ name: orders.recipientName, address: orders.address, item: orders.item, status: orders.status })
      .from(orders)
      .where(eq(orders.buyerId, a.id));
    expect(aOrders).toHaveLength(2);
    for (const o of aOrders) expect(o).toMatchObject({ name: "", address: "", item: "USB-C charger 65 W" });
    const aEvents = await db.select().from(contactEvents).where(eq(contactEvents.buyerId, a.id));
    expect(aEvents.length).toBeGreaterThanOrEqual(3);
    for (const e of aEvents) {
      expect(e).toMatchObject({
        callerMasked: ERASED_CALLER_MASKED,
        callerHash: ERASED_CALLER_HASH,
        messageText: null,
      });
    }
    expect(await db.select().from(blockedCallers).where(eq(blockedCallers.buyerId, a.id))).toEqual([]);
    const [setting] = await db.select().from(protectionSettings).where(eq(protectionSettings.buyerId, a.id));
    expect(setting).toMatchObject({ enabled: false, updatedAt: now });
    const sessions = await db.select().from(authSessions).where(eq(authSessions.userId, a.id));
    expect(sessions.length).toBe(2);
    for (const s of sessions) expect(s.revokedAt).toEqual(now);

    // The other buyer is untouched.
    expect(dumpAfter).toContain(NOTICE);
    const bEvents = await db.select().from(contactEvents).where(eq(contactEvents.buyerId, b.id));
    expect(bEvents.every((e) => e.callerHash !== ERASED_CALLER_HASH)).toBe(true);

    // Calls to its lines are rejected from this instant; the rejections the relay logs are erased by the next purge.
    for (const line of [a.line, second] as PlacedLine[]) {
      const call = await decideCall(db, { host: line.host, extension: line.extension, caller: STRANGER, now });
      expect(call).toMatchObject({ action: "reject" });
    }
    await purgeExpiredContactData(db, { now });
    for (const e of await db.select().from(contactEvents).where(eq(contactEvents.buyerId, a.id))) {
      expect(e).toMatchObject({ callerMasked: ERASED_CALLER_MASKED, callerHash: ERASED_CALLER_HASH });
    }

    // Nobody signs in as the deleted account; its email and number are free for a new account.
    expect(await verifyCredentials(db, { identifier: before.email, password: PASSWORD })).toBeNull();
    expect(await verifyCredentials(db, { identifier: a.phone, password: PASSWORD })).toBeNull();
    expect(await exportAccountData(db, { buyerId: a.id, includeRealNumber: false, now })).toBeNull();
    expect(await confirmPassword(db, { userId: a.id, password: PASSWORD, now })).toMatchObject({ ok: false });
    const again = await createAccount(db, { name: "Again", email: before.email, phone: a.phone, password: PASSWORD });
    expect(again.ok).toBe(true);
    expect(await deleteAccount(db, { buyerId: a.id, now })).toEqual({ ok: false, reason: "not_found" });
    // The unique columns of a deleted account hold only its own id, so a second deletion does not collide.
    expect(after).toMatchObject({ email: `deleted-${a.id}@deleted.invalid`, phoneHash: `deleted:${a.id}` });
    expect(await deleteAccount(db, { buyerId: b.id, now })).toMatchObject({ ok: true });
  });

  it("re-entering the password: 128 characters at most, a longer one refused unhashed even if it is the password", async () => {
    const a = await buyerWithTraffic();
    const now = new Date(t0.getTime() + 5 * DAY);
    for (const [length, result] of [
      [128, { ok: true }],
      [129, { ok: false, reason: "wrong_password" }],
    ] as const) {
      const password = "p".repeat(length);
      await db
        .update(users)
        .set({ passwordHash: await hashPassword(password) })
        .where(eq(users.id, a.id));
      expect(await confirmPassword(db, { userId: a.id, password, now }), `${length}`).toEqual(result);
    }
  });

  it("re-entering the password: a stored hash that cannot be read is a wrong password, never a pass", async () => {
    const a = await buyerWithTraffic();
    await db.update(users).set({ passwordHash: "not-an-argon2-hash" }).where(eq(users.id, a.id));
    const now = new Date(t0.getTime() + 5 * DAY);
    for (const password of [PASSWORD, ""]) {
      expect(await confirmPassword(db, { userId: a.id, password, now })).toEqual({
        ok: false,
        reason: "wrong_password",
      });
    }
  });

  it("retention: caller numbers and texts are purged RETENTION_DAYS after the line stopped, not before", async () => {
    const retention = securitySettings.retentionDays;
    const ended = await buyerWithTraffic(); // line ended early on day 1
    const expired = await buyerWithTraffic(); // order completed on day 0: runs out after the line lifetime
    const open = await buyerWithTraffic(); // order still open: never purged
    const day1 = new Date(t0.getTime() + DAY);
    await db
      .update(bindings)
      .set({ endedAt: day1, endReason: "ended_early", coolUntil: new Date(day1.getTime() + 30 * DAY) })
      .where(eq(bindings.orderId, ended.line.orderId));
    expect(
      await transitionOrder(db, { buyerId: expired.id, orderId: expired.line.orderId, transition: "ship", now: t0 }),
    ).toEqual({ ok: true });
    await transitionOrder(db, { buyerId: expired.id, orderId: expired.line.orderId, transition: "deliver", now: t0 });
    await transitionOrder(db, { buyerId: expired.id, orderId: expired.line.orderId, transition: "complete", now: t0 });
    const [exp] = await db
      .select({ endsAt: bindings.endsAt })
      .from(bindings)
      .where(eq(bindings.orderId, expired.line.orderId));
    expect(exp.endsAt).not.toBeNull();
    const endsAt = exp.endsAt as Date;

    const events = (buyerId: string) =>
      db
        .select({ hash: contactEvents.callerHash, masked: contactEvents.callerMasked, text: contactEvents.messageText })
        .from(contactEvents)
        .where(eq(contactEvents.buyerId, buyerId));
    const erased = (rows: { hash: string; text: string | null }[]) =>
      rows.every((r) => r.hash === ERASED_CALLER_HASH && r.text === null);
    const untouched = (rows: { hash: string; text: string | null }[]) =>
      rows.every((r) => r.hash !== ERASED_CALLER_HASH) && rows.some((r) => r.text === NOTICE);

    // A day before the period is over for the early-ended line: nothing purged.
    await purgeExpiredContactData(db, { now: new Date(day1.getTime() + (retention - 1) * DAY) });
    expect(untouched(await events(ended.id))).toBe(true);
    expect(untouched(await events(expired.id))).toBe(true);

    // Just past it: the early-ended line's log is purged; the others are not yet.
    const r1 = await purgeExpiredContactData(db, { now: new Date(day1.getTime() + retention * DAY + 1) });
    expect(r1.contactEvents).toBeGreaterThanOrEqual(3);
    expect(erased(await events(ended.id))).toBe(true);
    expect((await events(ended.id)).every((r) => r.masked === ERASED_CALLER_MASKED)).toBe(true);
    expect(untouched(await events(expired.id))).toBe(true);

    // The naturally expired line goes once its own end plus the period has passed.
    const late = new Date(endsAt.getTime() + retention * DAY + 1);
    await purgeExpiredContactData(db, { now: late });
    expect(erased(await events(expired.id))).toBe(true);
    expect(untouched(await events(open.id))).toBe(true);

    // Idempotent.
    expect((await purgeExpiredContactData(db, { now: late })).contactEvents).toBe(0);
  });
});

describe("an erased caller", () => {
  it("shows as four stars, with no digit, and keeps a hash that no caller's number can have", () => {
    expect(ERASED_CALLER_MASKED).toBe("****");
    // A caller's hash is an HMAC-SHA256 in hex; the erased mark is not one, and not empty.
    expect(ERASED_CALLER_HASH).toMatch(/\S/);
    expect(ERASED_CALLER_HASH).not.toMatch(/^[0-9a-f]{64}$/);
  });
});
