import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { activityEvents, bindings, couriers, hostNumbers, orders, protectionSettings, slots } from "@/lib/db/schema";
import { SEED_HOSTS, seedReferenceData } from "@/lib/demo/seed";
import { DAY_MS, days, settings } from "@/lib/settings";
import { drivers } from "@/lib/testing/db";
import { addPool, makeBuyer, pgCode, resetDb, SAMPLE_ORDER, seedMerchants, setRollout } from "@/lib/testing/protection";
import { listActivity } from "./activity";
import { allocateLine, placeWithLine } from "./allocate";
import { endLineEarly } from "./end-line";
import { extendLine } from "./extend-line";
import { isLive, lineTimesColumns, liveAt } from "./line";
import { moveCompletionBack, placeOrder, protectOrder, type Transition, transitionOrder, zeroPadded } from "./orders";
import { getOrderForBuyer, listLiveLines } from "./queries";
import { coolUntilAfter, endsAtAfterCompletion } from "./rules";
import { getProtectionStatus, requestNotify, turnProtectionOff, turnProtectionOn } from "./setting";

const T0 = new Date("2025-01-01T00:00:00.000Z");
/** `T0` plus whole days (fractions allowed), and an optional number of milliseconds. */
const day = (n: number, ms = 0) => new Date(T0.getTime() + n * DAY_MS + ms);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe.each(drivers())("protection lifecycle on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let merchantId: number;

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetDb(db);
    merchantId = await seedMerchants(db);
  });

  const order = (buyerId: string, now: Date) => ({ ...SAMPLE_ORDER, buyerId, merchantId, now });
  const place = (buyerId: string, now: Date) => placeOrder(db, order(buyerId, now));

  /** An eligible buyer with protection turned on at `now`. */
  async function protectedBuyer(now = T0) {
    const buyer = await makeBuyer(db, { list: "allow" });
    expect(await turnProtectionOn(db, { buyerId: buyer.id, now })).toEqual({ ok: true, changed: true });
    return buyer;
  }

  async function step(buyerId: string, orderId: string, transitions: [Transition, Date][]) {
    for (const [transition, now] of transitions) {
      expect(await transitionOrder(db, { buyerId, orderId, transition, now })).toEqual({ ok: true });
    }
  }

  const linesOf = (orderId: string) =>
    db.select().from(bindings).where(eq(bindings.orderId, orderId)).orderBy(asc(bindings.boundAt));
  const orderRow = async (orderId: string) => (await db.select().from(orders).where(eq(orders.id, orderId)))[0];
  const slotRow = async (slotId: number) => (await db.select().from(slots).where(eq(slots.id, slotId)))[0];
  const allBindings = () => db.select().from(bindings);

  it("places an order on the real number while protection is off", async () => {
    await addPool(db, { host: "17000000001", size: 3 });
    const buyer = await makeBuyer(db, { list: "allow" });
    const placed = await place(buyer.id, T0);
    expect(placed.protection).toBe("real_number");
    expect((await orderRow(placed.orderId)).protection).toBe("real_number");
    expect(await linesOf(placed.orderId)).toEqual([]);
    const detail = await getOrderForBuyer(db, { buyerId: buyer.id, orderId: placed.orderId, now: T0 });
    expect(detail?.line).toBeNull();
    expect(detail?.protection).toBe("real_number");
  });

  it("places nothing when the drawn order number is already taken, so placeOrder can draw again", async () => {
    const [slotId] = await addPool(db, { host: "17000000009", size: 1 });
    const buyer = await protectedBuyer();
    const first = await place(buyer.id, day(1));
    // The pool's only slot is taken by the first order; free it so a clash would have somewhere to bind.
    await endLineEarly(db, { buyerId: buyer.id, orderId: first.orderId, now: day(1) });
    await db
      .update(slots)
      .set({ availableAt: day(0) })
      .where(eq(slots.id, slotId));
    await db
      .update(bindings)
      .set({ coolUntil: day(0), endedAt: day(0) })
      .where(eq(bindings.orderId, first.orderId));
    const before = { orders: (await db.select().from(orders)).length, lines: (await allBindings()).length };
    const clash = await placeWithLine(db, {
      ...order(buyer.id, day(1)),
      id: crypto.randomUUID(),
      orderNo: first.orderNo,
    });
    expect(clash).toBeNull();
    expect((await db.select().from(orders)).length).toBe(before.orders);
    expect((await allBindings()).length).toBe(before.lines);
    expect((await slotRow(slotId)).availableAt).toEqual(day(0));
    expect((await linesOf(first.orderId)).map((line) => line.holdsSlot)).toEqual([true]);
  });

  it("draws another order number when the one drawn is taken, five times at most", async () => {
    await addPool(db, { host: "17000000008", size: 3 });
    const buyer = await protectedBuyer();
    const first = await place(buyer.id, day(1));
    const draws: string[] = [];
    const taken = (fresh: string | null) => (now: Date) => {
      draws.push(now.toISOString());
      return draws.length < 5 || fresh === null ? first.orderNo : fresh;
    };
    const fresh = `${first.orderNo.slice(0, -1)}${(Number(first.orderNo.at(-1)) + 1) % 10}`;
    const placed = await placeOrder(db, order(buyer.id, day(2)), { drawOrderNo: taken(fresh) });
    expect(placed).toMatchObject({ orderNo: fresh, protection: "protected" });
    expect(draws).toEqual(Array(5).fill(day(2).toISOString()));

    draws.length = 0;
    const before = (await db.select().from(orders)).length;
    await expect(placeOrder(db, order(buyer.id, day(3)), { drawOrderNo: taken(null) })).rejects.toThrow(
      "placeOrder: no free order number after 5 draws",
    );
    expect(draws).toHaveLength(5);
    expect((await db.select().from(orders)).length).toBe(before);
  });

  it("binds a special line from the seeded pool to every order placed while protection is on", async () => {
    await seedReferenceData(db);
    const buyer = await protectedBuyer();
    const first = await place(buyer.id, day(1));
    const second = await place(buyer.id, day(2));
    expect(first.protection).toBe("protected");
    expect(second.protection).toBe("protected");

    const [line] = await linesOf(first.orderId);
    expect(line).toMatchObject({
      buyerId: buyer.id,
      boundAt: day(1),
      endsAt: null,
      endedAt: null,
      endReason: null,
      coolUntil: null,
      holdsSlot: true,
      extensions: 0,
    });
    const slot = await slotRow(line.slotId);
    expect(slot.availableAt).toBeNull();
    const [otherLine] = await linesOf(second.orderId);
    expect(otherLine.slotId).not.toBe(line.slotId);

    const [host] = await db.select().from(hostNumbers).where(eq(hostNumbers.id, slot.hostId));
    expect(SEED_HOSTS).toContain(host.number);
    const detail = await getOrderForBuyer(db, { buyerId: buyer.id, orderId: first.orderId, now: day(3) });
    expect(detail?.line).toMatchObject({
      host: host.number,
      extension: slot.extension,
      lastFour: slot.extension,
      dial: `${host.number},${slot.extension}`,
      state: "active",
      endsAt: null,
      daysLeft: null,
      extensions: 0,
      extensionsLeft: settings.extensionMaxCount,
    });
    const status = await getProtectionStatus(db, { buyerId: buyer.id, now: day(3) });
    expect(status).toMatchObject({ enabled: true, liveLines: 2, eligibility: { eligible: true, why: "allow_list" } });
  });

  it("refuses to turn protection on for a buyer outside the rollout or held out, and writes nothing", async () => {
    await addPool(db, { host: "17000000001", size: 3 });
    await setRollout(db, 0);
    const outside = await makeBuyer(db);
    await setRollout(db, 100);
    const heldOut = await makeBuyer(db, { list: "hold_out" });
    await setRollout(db, 0);

    expect(await turnProtectionOn(db, { buyerId: outside.id, now: T0 })).toEqual({ ok: false, reason: "not_eligible" });
    await setRollout(db, 100);
    expect(await turnProtectionOn(db, { buyerId: heldOut.id, now: T0 })).toEqual({ ok: false, reason: "not_eligible" });

    expect(await db.select().from(protectionSettings)).toEqual([]);
    expect(await db.select().from(activityEvents)).toEqual([]);
    // No setting at all reads as off.
    expect(await getProtectionStatus(db, { buyerId: outside.id, now: T0 })).toMatchObject({
      enabled: false,
      ownLastFour: false,
      liveLines: 0,
    });
    expect((await place(heldOut.id, day(1))).protection).toBe("real_number");
    expect(await allBindings()).toEqual([]);

    // The same rollout lets an ordinary account in, once: the refusals above were about eligibility.
    expect(await turnProtectionOn(db, { buyerId: outside.id, now: day(2) })).toEqual({ ok: true, changed: true });
    expect(await turnProtectionOn(db, { buyerId: outside.id, now: day(3) })).toEqual({ ok: true, changed: false });
    expect((await listActivity(db, { buyerId: outside.id })).map((event) => event.kind)).toEqual(["protection_on"]);
  });

  it("starts the line's clock at completion: it ends the lifetime after, and its slot cools the cool-down after that", async () => {
    await addPool(db, { host: "17000000001", size: 3 });
    const buyer = await protectedBuyer();
    const { orderId } = await place(buyer.id, day(1));
    const completedAt = day(6, 12_345);
    await step(buyer.id, orderId, [
      ["ship", day(2)],
      ["deliver", day(4)],
    ]);
    const [openLine] = await linesOf(orderId);
    expect(openLine.endsAt).toBeNull();
    await step(buyer.id, orderId, [["complete", completedAt]]);

    const [line] = await linesOf(orderId);
    const endsAt = plus(completedAt, days(settings.lineLifetimeDays));
    const coolUntil = plus(endsAt, days(settings.coolDownDays));
    expect(line.endsAt).toEqual(endsAt);
    expect(line.coolUntil).toEqual(coolUntil);
    expect(line.endedAt).toBeNull();
    expect((await orderRow(orderId)).completedAt).toEqual(completedAt);
    expect((await slotRow(line.slotId)).availableAt).toEqual(coolUntil);

    const stateAt = async (now: Date) => (await getOrderForBuyer(db, { buyerId: buyer.id, orderId, now }))?.line?.state;
    const liveAt = async (now: Date) => (await listLiveLines(db, { buyerId: buyer.id, now })).length;
    expect(await stateAt(plus(endsAt, -1))).toBe("active");
    expect(await liveAt(plus(endsAt, -1))).toBe(1);
    expect(await stateAt(endsAt)).toBe("expired");
    expect(await liveAt(endsAt)).toBe(0);
    expect(await stateAt(plus(endsAt, 1))).toBe("expired");
    const detail = await getOrderForBuyer(db, { buyerId: buyer.id, orderId, now: completedAt });
    expect(detail?.line?.daysLeft).toBe(settings.lineLifetimeDays);
  });

  it("ends the line at once when a shipped order is cancelled, and when a delivered one is refunded", async () => {
    await addPool(db, { host: "17000000001", size: 3 });
    const buyer = await protectedBuyer();
    const shipped = await place(buyer.id, day(1));
    const delivered = await place(buyer.id, day(1));
    await step(buyer.id, shipped.orderId, [
      ["ship", day(2)],
      ["cancel", day(3)],
    ]);
    await step(buyer.id, delivered.orderId, [
      ["ship", day(2)],
      ["deliver", day(3)],
      ["refund", day(4)],
    ]);

    const [cancelledLine] = await linesOf(shipped.orderId);
    expect(cancelledLine).toMatchObject({
      endedAt: day(3),
      endReason: "order_cancelled",
      coolUntil: plus(day(3), days(settings.coolDownDays)),
    });
    expect((await slotRow(cancelledLine.slotId)).availableAt).toEqual(plus(day(3), days(settings.coolDownDays)));
    // Still on its way, it falls back to the real number; a delivered one keeps its protection (below).
    expect(await orderRow(shipped.orderId)).toMatchObject({
      status: "cancelled",
      cancelledAt: day(3),
      protection: "real_number",
    });

    const [refundedLine] = await linesOf(delivered.orderId);
    expect(refundedLine).toMatchObject({ endedAt: day(4), endReason: "order_refunded" });
    expect((await slotRow(refundedLine.slotId)).availableAt).toEqual(plus(day(4), days(settings.coolDownDays)));
    expect(await orderRow(delivered.orderId)).toMatchObject({ status: "refunded", protection: "protected" });

    const detail = await getOrderForBuyer(db, { buyerId: buyer.id, orderId: shipped.orderId, now: day(3) });
    expect(detail?.line).toMatchObject({ state: "ended", endReason: "order_cancelled" });
    expect(await listLiveLines(db, { buyerId: buyer.id, now: day(3) })).toEqual([]);
  });

  it("keeps an ended line's slot cooling until cool-down is over, then hands it out again", async () => {
    const [onlySlot] = await addPool(db, { host: "17000000001", size: 1 });
    const first = await protectedBuyer();
    const second = await protectedBuyer();
    const a = await place(first.id, day(1));
    expect(a.protection).toBe("protected");

    const ended = await endLineEarly(db, { buyerId: first.id, orderId: a.orderId, now: day(2) });
    const coolUntil = coolUntilAfter(day(2));
    expect(ended).toEqual({ ok: true, fellBackToRealNumber: true, coolUntil });
    expect(coolUntil).toEqual(plus(day(2), days(settings.coolDownDays)));
    expect((await slotRow(onlySlot)).availableAt).toEqual(coolUntil);

    const tooSoon = await place(second.id, plus(coolUntil, -1));
    expect(tooSoon.protection).toBe("pending");
    expect(await linesOf(tooSoon.orderId)).toEqual([]);

    const onTime = await place(second.id, coolUntil);
    expect(onTime.protection).toBe("protected");
    const [line] = await linesOf(onTime.orderId);
    expect(line).toMatchObject({ slotId: onlySlot, buyerId: second.id, boundAt: coolUntil, holdsSlot: true });
    const [oldLine] = await linesOf(a.orderId);
    expect(oldLine.holdsSlot).toBe(false);
    expect((await slotRow(onlySlot)).availableAt).toBeNull();

    // The first buyer's order still shows its own, ended line, not the second buyer's.
    const detail = await getOrderForBuyer(db, { buyerId: first.id, orderId: a.orderId, now: coolUntil });
    expect(detail?.line).toMatchObject({ state: "ended", endReason: "ended_early", boundAt: day(1) });
  });

  it("falls an undelivered order back to the real number when its line is ended early, but not a delivered one", async () => {
    await addPool(db, { host: "17000000001", size: 3 });
    const buyer = await protectedBuyer();
    const onTheWay = await place(buyer.id, day(1));
    const arrived = await place(buyer.id, day(1));
    await step(buyer.id, onTheWay.orderId, [["ship", day(2)]]);
    await step(buyer.id, arrived.orderId, [
      ["ship", day(2)],
      ["deliver", day(3)],
    ]);

    expect(await endLineEarly(db, { buyerId: buyer.id, orderId: onTheWay.orderId, now: day(4) })).toEqual({
      ok: true,
      fellBackToRealNumber: true,
      coolUntil: coolUntilAfter(day(4)),
    });
    expect((await orderRow(onTheWay.orderId)).protection).toBe("real_number");

    expect(await endLineEarly(db, { buyerId: buyer.id, orderId: arrived.orderId, now: day(4) })).toEqual({
      ok: true,
      fellBackToRealNumber: false,
      coolUntil: coolUntilAfter(day(4)),
    });
    expect((await orderRow(arrived.orderId)).protection).toBe("protected");

    const [line] = await linesOf(arrived.orderId);
    expect(line).toMatchObject({ endedAt: day(4), endReason: "ended_early" });
    expect(await endLineEarly(db, { buyerId: buyer.id, orderId: arrived.orderId, now: day(5) })).toEqual({
      ok: false,
      reason: "not_active",
    });
    const history = await listActivity(db, { buyerId: buyer.id });
    expect(history.filter((event) => event.kind === "line_ended").map((event) => event.detail?.fallback)).toEqual([
      "none",
      "real_number",
    ]);
  });

  it("turning protection off keeps the live lines running, or ends them now, as the buyer chose", async () => {
    await addPool(db, { host: "17000000001", size: 10 });
    const keeper = await protectedBuyer();
    const ender = await protectedBuyer();
    const kept = await place(keeper.id, day(1));
    const waiting = await place(ender.id, day(1));
    const delivered = await place(ender.id, day(1));
    const expired = await place(ender.id, day(1));
    await step(ender.id, delivered.orderId, [
      ["ship", day(2)],
      ["deliver", day(3)],
    ]);
    await step(ender.id, expired.orderId, [
      ["ship", day(2)],
      ["deliver", day(3)],
      ["complete", day(4)],
    ]);
    const offAt = plus(endsAtAfterCompletion(day(4)), 1);

    expect(await turnProtectionOff(db, { buyerId: keeper.id, mode: "keep", now: offAt })).toEqual({
      ok: true,
      changed: true,
      ended: 0,
    });
    expect(await listLiveLines(db, { buyerId: keeper.id, now: offAt })).toHaveLength(1);
    expect((await linesOf(kept.orderId))[0].endedAt).toBeNull();
    expect((await place(keeper.id, offAt)).protection).toBe("real_number");

    expect(await turnProtectionOff(db, { buyerId: ender.id, mode: "end", now: offAt })).toEqual({
      ok: true,
      changed: true,
      ended: 2,
    });
    expect(await listLiveLines(db, { buyerId: ender.id, now: offAt })).toEqual([]);
    expect((await linesOf(waiting.orderId))[0]).toMatchObject({ endedAt: offAt, endReason: "protection_off" });
    expect((await linesOf(delivered.orderId))[0]).toMatchObject({ endedAt: offAt, endReason: "protection_off" });
    // The line that had already expired on its own keeps its own end.
    expect((await linesOf(expired.orderId))[0]).toMatchObject({ endedAt: null, endsAt: endsAtAfterCompletion(day(4)) });
    expect((await orderRow(waiting.orderId)).protection).toBe("real_number");
    expect((await orderRow(delivered.orderId)).protection).toBe("protected");
    expect((await place(ender.id, offAt)).protection).toBe("real_number");

    expect(await turnProtectionOff(db, { buyerId: ender.id, mode: "end", now: offAt })).toEqual({
      ok: true,
      changed: false,
      ended: 0,
    });
    // A buyer who never turned protection on has no setting yet: off is already where they are.
    const newcomer = await makeBuyer(db, { list: "allow" });
    expect(await turnProtectionOff(db, { buyerId: newcomer.id, mode: "end", now: offAt })).toEqual({
      ok: true,
      changed: false,
      ended: 0,
    });
    expect(await listActivity(db, { buyerId: newcomer.id })).toEqual([]);
    expect((await listActivity(db, { buyerId: keeper.id })).map((event) => event.kind)).toEqual([
      "protection_off_keep",
      "protection_on",
    ]);
    const enderHistory = await listActivity(db, { buyerId: ender.id });
    expect(enderHistory.map((event) => [event.kind, event.detail])).toEqual([
      ["protection_off_end", { ended: 2 }],
      ["protection_on", null],
    ]);
  });

  it("a pending order that is cancelled used the real number, as a protected one still on its way falls back to it", async () => {
    await addPool(db, { host: "17000000001", size: 1 });
    const buyer = await protectedBuyer();
    const holder = await place(buyer.id, day(1));
    const waiting = await place(buyer.id, day(2));
    expect([holder.protection, waiting.protection]).toEqual(["protected", "pending"]);
    await step(buyer.id, waiting.orderId, [["cancel", day(3)]]);
    await step(buyer.id, holder.orderId, [["cancel", day(3)]]);
    expect(await orderRow(waiting.orderId)).toMatchObject({ status: "cancelled", protection: "real_number" });
    expect(await orderRow(holder.orderId)).toMatchObject({ status: "cancelled", protection: "real_number" });
  });

  it("still places the order as pending when the pool is exhausted, writes no line, and protects it on retry once a slot frees", async () => {
    const [onlySlot] = await addPool(db, { host: "17000000001", size: 1 });
    const buyer = await protectedBuyer();
    const holder = await place(buyer.id, day(1));
    expect(holder.protection).toBe("protected");

    const waiting = await place(buyer.id, day(2));
    expect(waiting.protection).toBe("pending");
    expect(await orderRow(waiting.orderId)).toMatchObject({ protection: "pending", status: "awaiting_shipment" });
    expect(await linesOf(waiting.orderId)).toEqual([]);
    expect(await allBindings()).toHaveLength(1);

    expect(await protectOrder(db, { buyerId: buyer.id, orderId: waiting.orderId, now: day(3) })).toEqual({
      ok: false,
      reason: "pool_exhausted",
    });
    expect(await allBindings()).toHaveLength(1);

    await endLineEarly(db, { buyerId: buyer.id, orderId: holder.orderId, now: day(3) });
    const freeAt = coolUntilAfter(day(3));
    expect(await protectOrder(db, { buyerId: buyer.id, orderId: waiting.orderId, now: plus(freeAt, -1) })).toEqual({
      ok: false,
      reason: "pool_exhausted",
    });
    const retry = await protectOrder(db, { buyerId: buyer.id, orderId: waiting.orderId, now: freeAt });
    expect(retry).toMatchObject({ ok: true, host: "17000000001", extension: "0000" });
    expect((await orderRow(waiting.orderId)).protection).toBe("protected");
    expect((await linesOf(waiting.orderId))[0]).toMatchObject({ slotId: onlySlot, boundAt: freeAt });
    expect(await protectOrder(db, { buyerId: buyer.id, orderId: waiting.orderId, now: freeAt })).toEqual({
      ok: false,
      reason: "already_protected",
    });
    const [latest] = await listActivity(db, { buyerId: buyer.id });
    expect(latest).toMatchObject({ kind: "order_protected", orderId: waiting.orderId, at: freeAt });
  });

  it("protects by hand an open order placed while protection was off, but not a closed one", async () => {
    await addPool(db, { host: "17000000001", size: 3 });
    const buyer = await makeBuyer(db, { list: "allow" });
    const openOrder = await place(buyer.id, day(1));
    const closed = await place(buyer.id, day(1));
    await step(buyer.id, closed.orderId, [["cancel", day(2)]]);
    expect(openOrder.protection).toBe("real_number");
    expect(await protectOrder(db, { buyerId: buyer.id, orderId: openOrder.orderId, now: day(3) })).toMatchObject({
      ok: true,
    });
    expect((await orderRow(openOrder.orderId)).protection).toBe("protected");
    expect(await protectOrder(db, { buyerId: buyer.id, orderId: closed.orderId, now: day(3) })).toEqual({
      ok: false,
      reason: "not_open",
    });
    expect(await linesOf(closed.orderId)).toEqual([]);
  });

  it("extends a completed order's line by the setting, only in the last days, at most the allowed number of times", async () => {
    const [slotId] = await addPool(db, { host: "17000000001", size: 1 });
    const buyer = await protectedBuyer();
    const { orderId, orderNo } = await place(buyer.id, day(1));
    // An order number is the day it was placed (UTC) and nine random digits.
    expect(orderNo).toMatch(/^20250102\d{9}$/);
    const ends: string[] = [];
    expect(await extendLine(db, { buyerId: buyer.id, orderId, now: day(2) })).toEqual({
      ok: false,
      reason: "not_completed",
    });
    await step(buyer.id, orderId, [
      ["ship", day(2)],
      ["deliver", day(3)],
      ["complete", day(4)],
    ]);
    let endsAt = endsAtAfterCompletion(day(4));
    const windowOpens = (end: Date) => plus(end, -days(settings.extensionWindowDays));

    expect(await extendLine(db, { buyerId: buyer.id, orderId, now: day(4) })).toEqual({
      ok: false,
      reason: "too_early",
    });
    expect(await extendLine(db, { buyerId: buyer.id, orderId, now: plus(windowOpens(endsAt), -1) })).toEqual({
      ok: false,
      reason: "too_early",
    });

    for (let n = 1; n <= settings.extensionMaxCount; n += 1) {
      const result = await extendLine(db, { buyerId: buyer.id, orderId, now: windowOpens(endsAt) });
      endsAt = plus(endsAt, days(settings.extensionDays));
      ends.push(endsAt.toISOString());
      expect(result).toEqual({
        ok: true,
        endsAt,
        extensions: n,
        extensionsLeft: settings.extensionMaxCount - n,
      });
      const [line] = await linesOf(orderId);
      expect(line).toMatchObject({ endsAt, extensions: n, coolUntil: coolUntilAfter(endsAt) });
      // The order's page counts what is left the same way.
      const shown = await getOrderForBuyer(db, { buyerId: buyer.id, orderId, now: windowOpens(endsAt) });
      expect(shown?.line).toMatchObject({ extensions: n, extensionsLeft: settings.extensionMaxCount - n });
      expect((await slotRow(slotId)).availableAt).toEqual(coolUntilAfter(endsAt));
    }

    expect(await extendLine(db, { buyerId: buyer.id, orderId, now: plus(endsAt, -1) })).toEqual({
      ok: false,
      reason: "limit_reached",
    });
    expect(await extendLine(db, { buyerId: buyer.id, orderId, now: endsAt })).toEqual({
      ok: false,
      reason: "not_active",
    });
    const [line] = await linesOf(orderId);
    expect(line.endsAt).toEqual(endsAt);
    const extended = (await listActivity(db, { buyerId: buyer.id })).filter((e) => e.kind === "line_extended");
    // Each extension is on the buyer's activity, with the order's number and the new end, newest first.
    expect(extended.map((e) => e.detail)).toEqual(ends.reverse().map((at) => ({ orderNo, endsAt: at })));
  });

  it("a completed order can be refunded: it keeps its completion, and the tester control no longer moves it", async () => {
    await addPool(db, { host: "17000000001", size: 1 });
    const buyer = await protectedBuyer();
    const { orderId } = await place(buyer.id, day(1));
    await step(buyer.id, orderId, [
      ["ship", day(2)],
      ["deliver", day(3)],
      ["complete", day(4)],
      ["refund", day(5)],
    ]);
    const [before] = await linesOf(orderId);
    expect(await moveCompletionBack(db, { buyerId: buyer.id, orderId, daysBack: 3 })).toEqual({
      ok: false,
      reason: "invalid_transition",
    });
    expect(await orderRow(orderId)).toMatchObject({ status: "refunded", completedAt: day(4), cancelledAt: day(5) });
    // The refund ended the line at once, and moving back left it as the refund left it.
    expect(before).toMatchObject({ endedAt: day(5), endReason: "order_refunded" });
    expect(await linesOf(orderId)).toEqual([before]);

    // The database keeps a completion to completed orders and those refunded after it.
    const refused = async (set: Partial<typeof orders.$inferInsert>) => {
      try {
        await db.update(orders).set(set).where(eq(orders.id, orderId));
        return "written";
      } catch (error) {
        return pgCode(error);
      }
    };
    expect(await refused({ status: "cancelled" })).toBe("23514");
    expect(await refused({ status: "completed", completedAt: null, cancelledAt: null })).toBe("23514");
    expect(await refused({ status: "completed", cancelledAt: null })).toBe("written");
    expect(await orderRow(orderId)).toMatchObject({ status: "completed", completedAt: day(4) });
  });

  it("moving a completion back makes its line expired, and moves the slot's cool-down with it", async () => {
    const [slotId] = await addPool(db, { host: "17000000001", size: 1 });
    const buyer = await protectedBuyer();
    const { orderId } = await place(buyer.id, day(1));
    expect(await moveCompletionBack(db, { buyerId: buyer.id, orderId, daysBack: 3 })).toEqual({
      ok: false,
      reason: "invalid_transition",
    });
    await step(buyer.id, orderId, [
      ["ship", day(2)],
      ["deliver", day(3)],
      ["complete", day(4)],
    ]);
    const now = day(5);
    expect(await listLiveLines(db, { buyerId: buyer.id, now })).toHaveLength(1);

    const back = settings.lineLifetimeDays + 1;
    expect(await moveCompletionBack(db, { buyerId: buyer.id, orderId, daysBack: back })).toEqual({ ok: true });
    const completedAt = day(4 - back);
    const endsAt = endsAtAfterCompletion(completedAt);
    expect((await orderRow(orderId)).completedAt).toEqual(completedAt);
    expect((await linesOf(orderId))[0]).toMatchObject({ endsAt, coolUntil: coolUntilAfter(endsAt), endedAt: null });
    expect((await slotRow(slotId)).availableAt).toEqual(coolUntilAfter(endsAt));
    expect(endsAt.getTime()).toBeLessThan(now.getTime());

    const detail = await getOrderForBuyer(db, { buyerId: buyer.id, orderId, now });
    expect(detail?.line).toMatchObject({ state: "expired", daysLeft: null, canExtend: false });
    expect(await listLiveLines(db, { buyerId: buyer.id, now })).toEqual([]);
    expect(await endLineEarly(db, { buyerId: buyer.id, orderId, now })).toEqual({ ok: false, reason: "not_active" });
  });

  it("records every change the buyer makes, in order, newest first, and only the buyer's own", async () => {
    await addPool(db, { host: "17000000001", size: 5 });
    await setRollout(db, 100);
    const buyer = await makeBuyer(db);
    const other = await protectedBuyer(day(0));
    const early = await place(buyer.id, day(1));

    await turnProtectionOn(db, { buyerId: buyer.id, now: day(2) });
    await protectOrder(db, { buyerId: buyer.id, orderId: early.orderId, now: day(3) });
    await endLineEarly(db, { buyerId: buyer.id, orderId: early.orderId, now: day(4) });
    const later = await place(buyer.id, day(5));
    await step(buyer.id, later.orderId, [
      ["ship", day(5)],
      ["deliver", day(5)],
      ["complete", day(5)],
    ]);
    const extendAt = plus(endsAtAfterCompletion(day(5)), -DAY_MS);
    await extendLine(db, { buyerId: buyer.id, orderId: later.orderId, now: extendAt });
    await turnProtectionOff(db, { buyerId: buyer.id, mode: "keep", now: extendAt });
    await turnProtectionOn(db, { buyerId: buyer.id, now: extendAt });
    await turnProtectionOff(db, { buyerId: buyer.id, mode: "end", now: plus(extendAt, 1) });

    const history = await listActivity(db, { buyerId: buyer.id });
    expect(history.map((event) => [event.kind, event.orderId])).toEqual([
      ["protection_off_end", null],
      ["protection_on", null],
      ["protection_off_keep", null],
      ["line_extended", later.orderId],
      ["line_ended", early.orderId],
      ["order_protected", early.orderId],
      ["protection_on", null],
    ]);
    expect(history.map((event) => event.at)).toEqual([
      plus(extendAt, 1),
      extendAt,
      extendAt,
      extendAt,
      day(4),
      day(3),
      day(2),
    ]);
    expect(history[3].orderNo).toBe(later.orderNo);
    expect(history[0].detail).toEqual({ ended: 1 });

    // Paging with the cursor of the third event continues where it left off.
    const rest = await listActivity(db, { buyerId: buyer.id, before: { at: history[2].at, id: history[2].id } });
    expect(rest.map((event) => event.id)).toEqual(history.slice(3).map((event) => event.id));
    expect((await listActivity(db, { buyerId: other.id })).map((event) => event.kind)).toEqual(["protection_on"]);

    expect(await requestNotify(db, { buyerId: other.id, now: day(9) })).toEqual({ ok: true, alreadyRequested: false });
    expect(await requestNotify(db, { buyerId: other.id, now: day(10) })).toEqual({ ok: true, alreadyRequested: true });
    // The first request is the one the page shows.
    expect((await getProtectionStatus(db, { buyerId: other.id, now: day(10) })).notifyRequestedAt).toEqual(day(9));
    expect((await listActivity(db, { buyerId: other.id })).map((event) => event.kind)).toEqual([
      "notify_requested",
      "protection_on",
    ]);
  });

  describe("the database itself refuses a second holder of a slot", () => {
    const insertBinding = (values: { slotId: number; orderId: string; buyerId: string; boundAt: Date }) =>
      db.insert(bindings).values(values);

    async function failure(promise: Promise<unknown>): Promise<{ code: string | undefined; text: string }> {
      try {
        await promise;
      } catch (error) {
        return { code: pgCode(error), text: `${String(error)} ${String((error as { cause?: unknown }).cause)}` };
      }
      throw new Error("expected the database to refuse the insert");
    }

    it("refuses a binding on a slot a live line holds", async () => {
      const [slotId] = await addPool(db, { host: "17000000001", size: 1 });
      const buyer = await protectedBuyer();
      const intruder = await makeBuyer(db);
      await place(buyer.id, day(1));
      const other = await place(intruder.id, day(1));
      const refused = await failure(
        insertBinding({ slotId, orderId: other.orderId, buyerId: intruder.id, boundAt: day(2) }),
      );
      expect(refused.code).toBe("23P01");
      expect(refused.text).toMatch(/bound or cooling down/);
      expect(await allBindings()).toHaveLength(1);
    });

    it("refuses a binding on a cooling slot, and on a cooled one whose old line was not released", async () => {
      const [slotId] = await addPool(db, { host: "17000000001", size: 1 });
      const buyer = await protectedBuyer();
      const intruder = await makeBuyer(db);
      const first = await place(buyer.id, day(1));
      await endLineEarly(db, { buyerId: buyer.id, orderId: first.orderId, now: day(2) });
      const coolUntil = coolUntilAfter(day(2));
      const other = await place(intruder.id, day(3));
      const values = { slotId, orderId: other.orderId, buyerId: intruder.id };

      const cooling = await failure(insertBinding({ ...values, boundAt: plus(coolUntil, -1) }));
      expect(cooling.code).toBe("23P01");

      // Past the cool-down the trigger lets it through, but the old line still holds the slot.
      const unreleased = await failure(insertBinding({ ...values, boundAt: coolUntil }));
      expect(unreleased.code).toBe("23505");
      expect(unreleased.text).toMatch(/bindings_one_holder_per_slot/);
      expect(await allBindings()).toHaveLength(1);

      // Released first, as allocation does, the same insert is accepted: the refusals were about the slot.
      await db.update(bindings).set({ holdsSlot: false }).where(eq(bindings.orderId, first.orderId));
      await insertBinding({ ...values, boundAt: coolUntil });
      expect(await allBindings()).toHaveLength(2);
      const reclaim = await failure(
        db.update(bindings).set({ holdsSlot: true }).where(eq(bindings.orderId, first.orderId)),
      );
      expect(reclaim.code).toBe("23505");
    });

    it("refuses a second open line on one order, and a slot released without a known end", async () => {
      const slotIds = await addPool(db, { host: "17000000001", size: 2 });
      const buyer = await protectedBuyer();
      const { orderId } = await place(buyer.id, day(1));
      const [line] = await linesOf(orderId);
      const spare = slotIds.find((id) => id !== line.slotId) as number;
      const second = await failure(insertBinding({ slotId: spare, orderId, buyerId: buyer.id, boundAt: day(2) }));
      expect(second.code).toBe("23505");
      expect(second.text).toMatch(/bindings_one_open_per_order/);
      const released = await failure(db.update(bindings).set({ holdsSlot: false }).where(eq(bindings.id, line.id)));
      expect(released.code).toBe("23514");
      expect(await allBindings()).toHaveLength(1);
    });
  });

  it("never lets a buyer act on another buyer's order", async () => {
    await addPool(db, { host: "17000000001", size: 5 });
    const owner = await makeBuyer(db, { list: "allow" });
    const stranger = await protectedBuyer();
    const unprotected = await place(owner.id, day(1));
    await turnProtectionOn(db, { buyerId: owner.id, now: day(1) });
    const completed = await place(owner.id, day(1));
    expect([unprotected.protection, completed.protection]).toEqual(["real_number", "protected"]);
    await step(owner.id, completed.orderId, [
      ["ship", day(2)],
      ["deliver", day(3)],
      ["complete", day(4)],
    ]);
    const before = { bindings: await allBindings(), orders: await db.select().from(orders) };
    const inWindow = plus(endsAtAfterCompletion(day(4)), -DAY_MS);
    const as = { buyerId: stranger.id };

    expect(await endLineEarly(db, { ...as, orderId: completed.orderId, now: day(5) })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await extendLine(db, { ...as, orderId: completed.orderId, now: inWindow })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await moveCompletionBack(db, { ...as, orderId: completed.orderId, daysBack: 20 })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await protectOrder(db, { ...as, orderId: unprotected.orderId, now: day(5) })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await allocateLine(db, { ...as, orderId: unprotected.orderId, now: day(5) })).toEqual({
      ok: false,
      reason: "not_found",
    });
    for (const transition of ["ship", "cancel"] as const) {
      expect(await transitionOrder(db, { ...as, orderId: unprotected.orderId, transition, now: day(5) })).toEqual({
        ok: false,
        reason: "not_found",
      });
    }
    expect(await getOrderForBuyer(db, { ...as, orderId: completed.orderId, now: day(5) })).toBeNull();
    expect((await listLiveLines(db, { ...as, now: day(5) })).map((line) => line.orderId)).not.toContain(
      completed.orderId,
    );

    expect(await allBindings()).toEqual(before.bindings);
    expect(await db.select().from(orders)).toEqual(before.orders);
    expect((await listActivity(db, { buyerId: stranger.id })).map((event) => event.kind)).toEqual(["protection_on"]);

    // The owner can do what the stranger could not: the refusals were about ownership.
    expect(await extendLine(db, { buyerId: owner.id, orderId: completed.orderId, now: inWindow })).toMatchObject({
      ok: true,
    });
    expect(await protectOrder(db, { buyerId: owner.id, orderId: unprotected.orderId, now: day(5) })).toMatchObject({
      ok: true,
    });
  });

  it("refuses a step the order's status does not allow, and changes nothing", async () => {
    await addPool(db, { host: "17000000001", size: 1 });
    const buyer = await protectedBuyer();
    const { orderId } = await place(buyer.id, day(1));
    const before = { order: await orderRow(orderId), lines: await linesOf(orderId) };
    for (const transition of ["deliver", "complete", "refund"] as const) {
      expect(await transitionOrder(db, { buyerId: buyer.id, orderId, transition, now: day(2) }), transition).toEqual({
        ok: false,
        reason: "invalid_transition",
      });
    }
    await step(buyer.id, orderId, [["ship", day(2)]]);
    const shipped = await orderRow(orderId);
    expect(await transitionOrder(db, { buyerId: buyer.id, orderId, transition: "ship", now: day(3) })).toEqual({
      ok: false,
      reason: "invalid_transition",
    });
    expect(await orderRow(orderId)).toEqual(shipped);
    expect(before.order.status).toBe("awaiting_shipment");
    expect(await linesOf(orderId)).toEqual(before.lines);
  });

  it("ships with no courier on file: no courier on the order, and still a tracking number", async () => {
    await db.delete(couriers);
    const buyer = await makeBuyer(db, { list: "allow" });
    const { orderId } = await place(buyer.id, day(1));
    await step(buyer.id, orderId, [["ship", day(2)]]);
    const row = await orderRow(orderId);
    expect(row).toMatchObject({ status: "shipped", courierId: null, shippedAt: day(2) });
    expect(row.trackingNumber).toMatch(/^SF\d{12}$/);
  });
});

describe.each(drivers())("the live rule and its SQL twin on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("agree on every line at every instant around its end", async () => {
    const db = handle.db;
    await resetDb(db);
    const merchantId = await seedMerchants(db);
    await addPool(db, { host: SEED_HOSTS[0], size: 10 });
    const buyer = await makeBuyer(db, { list: "allow" });
    await turnProtectionOn(db, { buyerId: buyer.id, now: T0 });
    const placed = [];
    for (let i = 0; i < 3; i += 1)
      placed.push(await placeOrder(db, { ...SAMPLE_ORDER, buyerId: buyer.id, merchantId, now: T0 }));
    const [openEnded, completed, endedEarly] = placed.map((order) => order.orderId);
    for (const transition of ["ship", "deliver", "complete"] as const) {
      await transitionOrder(db, { buyerId: buyer.id, orderId: completed, transition, now: day(1) });
    }
    await endLineEarly(db, { buyerId: buyer.id, orderId: endedEarly, now: day(2) });
    const endsAt = endsAtAfterCompletion(day(1));
    const lines = await db.select({ orderId: bindings.orderId, ...lineTimesColumns }).from(bindings);
    expect(lines).toHaveLength(3);
    for (const now of [T0, day(2), day(2, 1), plus(endsAt, -1), endsAt, plus(endsAt, 1), day(100)]) {
      const inSql = (await db.select({ orderId: bindings.orderId }).from(bindings).where(liveAt(now)))
        .map((row) => row.orderId)
        .sort();
      const inTs = lines
        .filter((line) => isLive(line, now))
        .map((line) => line.orderId)
        .sort();
      expect(inSql).toEqual(inTs);
    }
    expect(
      lines
        .filter((line) => isLive(line, plus(endsAt, -1)))
        .map((line) => line.orderId)
        .sort(),
    ).toEqual([openEnded, completed].sort());
  });
});

describe("order and tracking numbers", () => {
  it("keep their leading zeros: a small random draw still fills every digit", () => {
    expect(zeroPadded(42, 9)).toBe("000000042");
    expect(zeroPadded(0, 12)).toBe("000000000000");
    expect(zeroPadded(999_999_999, 9)).toBe("999999999");
  });
});
