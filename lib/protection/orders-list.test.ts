/** The Orders page and an order's page read through the queries: pages newest first, only the buyer's own, masked. */

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { orders } from "@/lib/db/schema";
import { drivers } from "@/lib/testing/db";
import { makeProtectedBuyer, type PlacedLine, placeProtectedOrder, seedRelayWorld } from "@/lib/testing/relay";
import { placeOrder } from "./orders";
import { decodeCursor, getOrderForBuyer, listOrdersForBuyer } from "./queries";

const T0 = new Date("2030-05-01T08:00:00Z");
const HOUR = 60 * 60 * 1000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

describe.each(drivers())("the buyer's orders on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let buyer: { id: string };
  let placed: PlacedLine[];
  let othersOrder: PlacedLine;
  let merchantId: number;

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
    ({ merchantId } = await seedRelayWorld(db, { size: 20 }));
    buyer = await makeProtectedBuyer(db);
    const other = await makeProtectedBuyer(db);
    placed = [];
    for (let i = 0; i < 5; i++)
      placed.push(await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: at(i) }));
    othersOrder = await placeProtectedOrder(db, { buyerId: other.id, merchantId, now: at(10) });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it.each([2, 3])(
    "pages through the buyer's own orders newest first, each once, the last page without a cursor (%i a page)",
    async (limit) => {
      const now = at(12);
      const seen: string[][] = [];
      let after = null as ReturnType<typeof decodeCursor>;
      for (let page = 0; page < 5; page++) {
        const { items, nextCursor } = await listOrdersForBuyer(db, { buyerId: buyer.id, now, after, limit });
        seen.push(items.map((item) => item.id));
        if (!nextCursor) break;
        after = decodeCursor(nextCursor);
      }
      const newestFirst = placed.map((p) => p.orderId).reverse();
      const pages = [];
      for (let i = 0; i < newestFirst.length; i += limit) pages.push(newestFirst.slice(i, i + limit));
      expect(seen).toEqual(pages);
      expect(seen.flat()).not.toContain(othersOrder.orderId);
    },
  );

  it("gives a full last page no cursor, and each order its live line", async () => {
    const { items, nextCursor } = await listOrdersForBuyer(db, { buyerId: buyer.id, now: at(12), limit: 5 });
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(5);
    const newest = items[0];
    expect(newest).toMatchObject({ orderNo: placed[4].orderNo, open: true, undelivered: true });
    expect(newest.line).toMatchObject({ host: placed[4].host, extension: placed[4].extension, state: "active" });
    const { nextCursor: more } = await listOrdersForBuyer(db, { buyerId: buyer.id, now: at(12), limit: 4 });
    expect(more).not.toBeNull();
  });

  it("shows an order's recipient and address masked, and someone else's order not at all", async () => {
    const detail = await getOrderForBuyer(db, { buyerId: buyer.id, orderId: placed[0].orderId, now: at(12) });
    expect(detail).toMatchObject({ recipientMasked: "L***", addressMasked: "Room 120****", addressMaskedNames: null });
    expect(JSON.stringify(detail)).not.toContain("Wensan");
    expect(detail?.history).toHaveLength(1);
    expect(await getOrderForBuyer(db, { buyerId: buyer.id, orderId: othersOrder.orderId, now: at(12) })).toBeNull();
    expect(await getOrderForBuyer(db, { buyerId: buyer.id, orderId: "not-a-uuid", now: at(12) })).toBeNull();
  });

  it("masks the address in each language it is kept in", async () => {
    const order = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: at(11) });
    await db
      .update(orders)
      .set({
        addressNames: { en: "Room 1203, 88 Wensan Road, Hangzhou", "zh-CN": "杭州市西湖区文三路88号1203室" },
      })
      .where(eq(orders.id, order.orderId));
    const detail = await getOrderForBuyer(db, { buyerId: buyer.id, orderId: order.orderId, now: at(12) });
    expect(detail?.addressMaskedNames).toEqual({ en: "Room 120****", "zh-CN": "杭州市西湖区文三****" });
    expect(JSON.stringify(detail)).not.toMatch(/Wensan|文三路/);
  });

  it.each([
    ["王", "*"],
    ["李四", "李*"],
    [" 欧阳娜娜 ", "欧***"],
  ])("masks the recipient %j as %j", async (recipientName, masked) => {
    const other = await makeProtectedBuyer(db);
    const order = await placeOrder(db, {
      buyerId: other.id,
      merchantId,
      item: "Tea",
      amountCents: 100,
      recipientName,
      address: "1 Road",
      now: at(1),
    });
    const detail = await getOrderForBuyer(db, { buyerId: other.id, orderId: order.orderId, now: at(2) });
    expect(detail?.recipientMasked).toBe(masked);
    // A short address keeps its first half.
    expect(detail?.addressMasked).toBe("1 R****");
  });
});
