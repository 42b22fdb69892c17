import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, type DbHandle, openDb } from "@/lib/db/client";
import { protectionSettings } from "@/lib/db/schema";
import { serverDb } from "@/lib/testing/db";
import { addPool, rows, SAMPLE_ORDER, seedMerchants } from "@/lib/testing/protection";
import { allocateLine } from "./allocate";
import { placeOrder } from "./orders";
import { setOwnLastFour } from "./setting";

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
    // Buyers straight in SQL (64 argon2 hashes outlast the hook on a loaded machine): allocation reads
    // only the masked number, so that is all they need. Even ones have protection on and place orders.
    const buyers = rows<{ id: string; n: number }>(
      await db.execute(sql`
        insert into users (id, name, email, phone_ciphertext, phone_hash, phone_masked, password_hash)
        select gen_random_uuid(), 'Race ' || g, 'race-' || g || '@example.com', 'x', 'race-' || g, ${`137****${TAIL}`}, 'x'
        from generate_series(1, ${REQUESTS}) g
        returning id, substr(email, 6, strpos(email, '@') - 6)::int as n`),
    );
    for (const buyer of buyers) {
      await setOwnLastFour(db, { buyerId: buyer.id, on: true, now: NOW });
      if (buyer.n % 2 === 0) {
        await db
          .insert(protectionSettings)
          .values({ buyerId: buyer.id, enabled: true, ownLastFour: true, updatedAt: NOW })
          .onConflictDoUpdate({ target: protectionSettings.buyerId, set: { enabled: true } });
        placing.push(buyer.id);
      } else {
        const order = await placeOrder(db, { ...SAMPLE_ORDER, buyerId: buyer.id, merchantId, now: NOW });
        expect(order.protection).toBe("real_number");
        protecting.push({ buyerId: buyer.id, orderId: order.orderId });
      }
    }
    expect([placing.length, protecting.length]).toEqual([REQUESTS / 2, REQUESTS / 2]);
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
