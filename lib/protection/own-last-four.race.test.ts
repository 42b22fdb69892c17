import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, type DbHandle, openDb } from "@/lib/db/client";
import { serverDb } from "@/lib/testing/db";
import { addPool, makeBuyer, rows, SAMPLE_ORDER, seedMerchants } from "@/lib/testing/protection";
import { allocateLine } from "./allocate";
import { placeOrder } from "./orders";
import { setOwnLastFour, turnProtectionOn } from "./setting";

/**
 * 64 buyers whose mobiles all end in 5678 ask for lines ending in it, all at once, on a real server:
 * two host numbers give exactly two such slots. Half place an order (placeWithLine), half protect an
 * order placed before (allocateLine), so both statements race for the same two rows.
 */

const NOW = new Date("2025-07-01T00:00:00.000Z");
const REQUESTS = 64;
const TAIL = "5678";
const HOSTS = ["17200000001", "17200000002"];
const PER_HOST = 50;

describe(`${REQUESTS} buyers sharing one last four, on ${HOSTS.length} host numbers, on a real PostgreSQL server`, () => {
  let handle: DbHandle & { url: string };
  let db: Db;
  let merchantId: number;
  const placing: string[] = [];
  const protecting: { buyerId: string; orderId: string }[] = [];

  beforeAll(async () => {
    handle = await serverDb({ max: 4 });
    db = handle.db;
    merchantId = await seedMerchants(db);
    for (const host of HOSTS) await addPool(db, { host, size: PER_HOST });
    // One slot per host ends in the tail: addPool numbers extensions from 0000.
    await db.execute(sql`update slots set extension = ${TAIL} where extension = '0000'`);
    for (let i = 0; i < REQUESTS; i += 1) {
      const buyer = await makeBuyer(db, { list: "allow", lastFour: TAIL });
      await setOwnLastFour(db, { buyerId: buyer.id, on: true, now: NOW });
      if (i % 2 === 0) {
        await turnProtectionOn(db, { buyerId: buyer.id, now: NOW });
        placing.push(buyer.id);
      } else {
        const order = await placeOrder(db, { ...SAMPLE_ORDER, buyerId: buyer.id, merchantId, now: NOW });
        expect(order.protection).toBe("real_number");
        protecting.push({ buyerId: buyer.id, orderId: order.orderId });
      }
    }
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("gives exactly two of them their own digits, the rest another free slot, none twice", async () => {
    const racers = await openDb({ url: handle.url, max: REQUESTS });
    try {
      // Every connection open before the race, so that the requests meet in the database.
      await Promise.all(Array.from({ length: REQUESTS }, () => racers.db.execute(sql`select 1`)));
      const results = await Promise.all([
        ...placing.map(async (buyerId) => {
          const placed = await placeOrder(racers.db, { ...SAMPLE_ORDER, buyerId, merchantId, now: NOW });
          return placed.protection;
        }),
        ...protecting.map(async ({ buyerId, orderId }) => {
          const result = await allocateLine(racers.db, { buyerId, orderId, now: NOW });
          return result.ok ? "protected" : result.reason;
        }),
      ]);
      expect(results.filter((r) => r !== "protected")).toEqual([]);
    } finally {
      await racers.close();
    }

    const lines = rows<{ slot_id: number; extension: string; host: string; own_digits: string | null }>(
      await db.execute(sql`select b.slot_id, s.extension, h.number as host, b.own_digits
        from bindings b join slots s on s.id = b.slot_id join host_numbers h on h.id = s.host_id
        where b.bound_at = ${NOW.toISOString()}::timestamptz`),
    );
    expect(lines).toHaveLength(REQUESTS);
    const met = lines.filter((line) => line.own_digits === "met");
    const missed = lines.filter((line) => line.own_digits === "missed");
    expect(met.map((line) => line.extension)).toEqual([TAIL, TAIL]);
    expect(new Set(met.map((line) => line.host))).toEqual(new Set(HOSTS));
    expect(missed).toHaveLength(REQUESTS - 2);
    expect(missed.filter((line) => line.extension === TAIL)).toEqual([]);
    expect(new Set(lines.map((line) => line.slot_id)).size).toBe(REQUESTS);
    const doubleHeld = rows(
      await db.execute(sql`select slot_id from bindings where holds_slot group by slot_id having count(*) > 1`),
    );
    expect(doubleHeld).toEqual([]);
    const [taken] = rows<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from slots where available_at is null`),
    );
    expect(taken.n).toBe(REQUESTS);
  });
});
