import { and, eq, isNotNull, lte, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { bindings, orders, slots } from "@/lib/db/schema";
import { listLineChurners } from "@/lib/operator/churn";
import { DAY_MS, settings } from "@/lib/settings";
import { drivers } from "@/lib/testing/db";
import { addPool, makeBuyer, pgCode, resetDb, SAMPLE_ORDER, seedMerchants } from "@/lib/testing/protection";
import { listActivity } from "./activity";
import { endLineEarly } from "./end-line";
import { placeOrder, protectOrder } from "./orders";
import { turnProtectionOn } from "./setting";

const T0 = new Date("2025-03-01T00:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(drivers())("ending and protecting one order again, on $name", ({ open }) => {
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
    await addPool(db, { host: "17000000001", size: 50 });
  });

  async function protectedOrder() {
    const buyer = await makeBuyer(db, { list: "allow" });
    await turnProtectionOn(db, { buyerId: buyer.id, now: T0 });
    const placed = await placeOrder(db, { ...SAMPLE_ORDER, buyerId: buyer.id, merchantId, now: T0 });
    expect(placed.protection).toBe("protected");
    return { buyerId: buyer.id, orderId: placed.orderId };
  }

  const freeSlots = async (now: Date) =>
    (
      await db
        .select({ id: slots.id })
        .from(slots)
        .where(and(isNotNull(slots.availableAt), lte(slots.availableAt, now)))
    ).length;

  it("takes back the order's own cooling slot: rounds of end and protect cost the pool nothing", async () => {
    const { buyerId, orderId } = await protectedOrder();
    const [first] = await db.select().from(bindings).where(eq(bindings.orderId, orderId));
    const free = await freeSlots(at(1));
    for (let round = 1; round <= settings.reprotectPerOrderPerDay; round++) {
      expect(await endLineEarly(db, { buyerId, orderId, now: at(round * 2) })).toMatchObject({ ok: true });
      const again = await protectOrder(db, { buyerId, orderId, now: at(round * 2 + 1) });
      expect(again, `round ${round}`).toMatchObject({ ok: true });
      expect(await freeSlots(at(round * 2 + 1))).toBe(free);
    }
    const lines = await db.select().from(bindings).where(eq(bindings.orderId, orderId));
    expect(new Set(lines.map((line) => line.slotId))).toEqual(new Set([first?.slotId]));
  });

  it("writes each protecting by hand on the buyer's activity, with the order's number", async () => {
    const { buyerId, orderId } = await protectedOrder();
    const [{ orderNo }] = await db.select({ orderNo: orders.orderNo }).from(orders).where(eq(orders.id, orderId));
    await endLineEarly(db, { buyerId, orderId, now: at(1) });
    expect(await protectOrder(db, { buyerId, orderId, now: at(2) })).toMatchObject({ ok: true });
    const protectedAgain = (await listActivity(db, { buyerId })).filter((event) => event.kind === "order_protected");
    expect(protectedAgain).toMatchObject([{ orderId, at: at(2), detail: { orderNo } }]);
  });

  it("still never hands a cooling slot to another order (the trigger has the last word)", async () => {
    const { buyerId, orderId } = await protectedOrder();
    const other = await protectedOrder();
    const [mine] = await db.select().from(bindings).where(eq(bindings.orderId, orderId));
    await endLineEarly(db, { buyerId, orderId, now: at(1) });
    await db.execute(sql`update bindings set holds_slot = false where id = ${mine?.id}::uuid`);
    await endLineEarly(db, { buyerId: other.buyerId, orderId: other.orderId, now: at(1) });
    let error: unknown;
    try {
      await db.insert(bindings).values({
        slotId: mine?.slotId as number,
        orderId: other.orderId,
        buyerId: other.buyerId,
        boundAt: at(2),
      });
    } catch (caught) {
      error = caught;
    }
    expect(pgCode(error)).toBe("23P01");
  });

  it("limits protecting by hand per order and per buyer per day, with its own answer", async () => {
    const { buyerId, orderId } = await protectedOrder();
    for (let round = 1; round <= settings.reprotectPerOrderPerDay; round++) {
      await endLineEarly(db, { buyerId, orderId, now: at(round * 2) });
      expect(await protectOrder(db, { buyerId, orderId, now: at(round * 2 + 1) })).toMatchObject({ ok: true });
    }
    await endLineEarly(db, { buyerId, orderId, now: at(100) });
    expect(await protectOrder(db, { buyerId, orderId, now: at(101) })).toEqual({
      ok: false,
      reason: "reprotect_limit",
    });
    // A day later the order may be protected again.
    expect(await protectOrder(db, { buyerId, orderId, now: new Date(at(3).getTime() + DAY_MS) })).toMatchObject({
      ok: true,
    });

    const buyer = await makeBuyer(db, { list: "allow" });
    await turnProtectionOn(db, { buyerId: buyer.id, now: T0 });
    let limited = false;
    for (let i = 0; i <= settings.reprotectPerBuyerPerDay; i++) {
      const placed = await placeOrder(db, { ...SAMPLE_ORDER, buyerId: buyer.id, merchantId, now: at(i) });
      await endLineEarly(db, { buyerId: buyer.id, orderId: placed.orderId, now: at(i) });
      const result = await protectOrder(db, { buyerId: buyer.id, orderId: placed.orderId, now: at(i) });
      if (i < settings.reprotectPerBuyerPerDay) expect(result, `order ${i}`).toMatchObject({ ok: true });
      else limited = result.ok === false && result.reason === "reprotect_limit";
    }
    expect(limited).toBe(true);
  });

  it("the operator console names a buyer whose ended lines far exceed their orders, masked", async () => {
    const churner = await protectedOrder();
    const calm = await protectedOrder();
    await endLineEarly(db, { buyerId: calm.buyerId, orderId: calm.orderId, now: at(1) });
    for (let round = 0; round < 6; round++) {
      const when = new Date(at(2).getTime() + round * DAY_MS);
      await endLineEarly(db, { buyerId: churner.buyerId, orderId: churner.orderId, now: when });
      expect(await protectOrder(db, { buyerId: churner.buyerId, orderId: churner.orderId, now: when })).toMatchObject({
        ok: true,
      });
    }
    const listed = await listLineChurners(db, { now: new Date(at(3).getTime() + 6 * DAY_MS), days: 10 });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ orders: 1, endedLines: 6 });
    expect(listed[0]?.buyer).toMatch(/^bu\*\*\*@example\.com$/);
  });
});
