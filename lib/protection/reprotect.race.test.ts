import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, type DbHandle, openDb } from "@/lib/db/client";
import { settings } from "@/lib/settings";
import { serverDb } from "@/lib/testing/db";
import { addPool, makeBuyer, rows, SAMPLE_ORDER, seedMerchants } from "@/lib/testing/protection";
import { endLineEarly } from "./end-line";
import { placeOrder, protectOrder } from "./orders";
import { turnProtectionOn } from "./setting";

/**
 * One buyer protects twice the daily limit of orders again, all at once, on a real server: the lock on
 * the buyer's row makes the count and the new line one step, so exactly the limit gets through.
 */

const NOW = new Date("2025-08-01T00:00:00.000Z");
const ORDERS = settings.reprotectPerBuyerPerDay * 2;

describe(`${ORDERS} hand protections by one buyer at once, on a real PostgreSQL server`, () => {
  let handle: DbHandle & { url: string };
  let db: Db;
  let buyerId: string;
  const orderIds: string[] = [];

  beforeAll(async () => {
    handle = await serverDb({ max: 4 });
    db = handle.db;
    const merchantId = await seedMerchants(db);
    await addPool(db, { host: "17300000001", size: ORDERS * 3 });
    const buyer = await makeBuyer(db, { list: "allow" });
    buyerId = buyer.id;
    await turnProtectionOn(db, { buyerId, now: NOW });
    for (let i = 0; i < ORDERS; i++) {
      const placed = await placeOrder(db, { ...SAMPLE_ORDER, buyerId, merchantId, now: NOW });
      expect(placed.protection).toBe("protected");
      await endLineEarly(db, { buyerId, orderId: placed.orderId, now: NOW });
      orderIds.push(placed.orderId);
    }
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("lets exactly the daily limit through and refuses the rest", async () => {
    const racers = await openDb({ url: handle.url, max: ORDERS });
    try {
      // Every connection open before the race, so that the requests meet in the database.
      await Promise.all(Array.from({ length: ORDERS }, () => racers.db.execute(sql`select 1`)));
      const results = await Promise.all(
        orderIds.map(async (orderId) => {
          const result = await protectOrder(racers.db, { buyerId, orderId, now: NOW });
          return result.ok ? "protected" : result.reason;
        }),
      );
      expect(results.filter((r) => r === "protected")).toHaveLength(settings.reprotectPerBuyerPerDay);
      expect(results.filter((r) => r !== "protected")).toEqual(
        Array(ORDERS - settings.reprotectPerBuyerPerDay).fill("reprotect_limit"),
      );
    } finally {
      await racers.close();
    }
    const [events] = rows<{ n: number }>(
      await db.execute(
        sql`select count(*)::int as n from activity_events where buyer_id = ${buyerId}::uuid and kind = 'order_protected'`,
      ),
    );
    expect(events.n).toBe(settings.reprotectPerBuyerPerDay);
  });
});
