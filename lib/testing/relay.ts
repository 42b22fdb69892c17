import { randomInt } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { createAccount } from "@/lib/accounts";
import type { Db } from "@/lib/db/client";
import { resultRows } from "@/lib/db/client";
import { bindings, couriers, hostNumbers, merchants, protectionSettings, slots } from "@/lib/db/schema";
import { SEED_COURIERS, SEED_MERCHANTS } from "@/lib/demo/seed";
import { placeOrder } from "@/lib/protection/orders";

/** Test world for the relay: seeded merchants and couriers, one host number, buyers with protection on. */
export const HOST = "17012345678";
export const MERCHANT_PHONE = SEED_MERCHANTS[0].phone;
export const COURIER_PHONE = SEED_COURIERS[0].phone;
export const STRANGER = "13700001234";

export async function seedRelayWorld(db: Db, { host = HOST, size = 50 }: { host?: string; size?: number } = {}) {
  await db.insert(merchants).values(SEED_MERCHANTS).onConflictDoNothing();
  await db.insert(couriers).values(SEED_COURIERS).onConflictDoNothing();
  const [row] = await db.insert(hostNumbers).values({ number: host }).returning({ id: hostNumbers.id });
  await db.insert(slots).values(
    Array.from({ length: size }, (_, i) => ({
      hostId: row.id,
      extension: String(i).padStart(4, "0"),
      randKey: randomInt(2 ** 31 - 1),
    })),
  );
  const [merchant] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.phone, MERCHANT_PHONE));
  return { hostId: row.id, merchantId: merchant.id };
}

let serial = 0;

export async function makeProtectedBuyer(db: Db, { phone }: { phone?: string } = {}) {
  serial += 1;
  const realPhone = phone ?? `138${String(process.pid % 1000).padStart(3, "0")}${String(serial).padStart(5, "0")}`;
  const email = `relay-${process.pid}-${serial}@example.com`;
  const created = await createAccount(db, {
    name: `Relay Buyer ${serial}`,
    email,
    phone: realPhone,
    password: "a long enough password",
  });
  if (!created.ok) throw new Error(`account not created: duplicate ${created.field}`);
  await db.insert(protectionSettings).values({ buyerId: created.account.id, enabled: true });
  return { id: created.account.id, phone: realPhone };
}

export type PlacedLine = { orderId: string; orderNo: string; bindingId: string; host: string; extension: string };

/** Places an order for a buyer with protection on and returns its special line. */
export async function placeProtectedOrder(
  db: Db,
  { buyerId, merchantId, now }: { buyerId: string; merchantId: number; now: Date },
): Promise<PlacedLine> {
  const order = await placeOrder(db, {
    buyerId,
    merchantId,
    item: "USB-C charger 65 W",
    amountCents: 12_900,
    recipientName: "Li Wei",
    address: "Room 1203, 88 Wensan Road, Hangzhou",
    now,
  });
  if (order.protection !== "protected") throw new Error(`order not protected: ${order.protection}`);
  const [line] = await db
    .select({ bindingId: bindings.id, host: hostNumbers.number, extension: slots.extension })
    .from(bindings)
    .innerJoin(slots, eq(slots.id, bindings.slotId))
    .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
    .where(and(eq(bindings.orderId, order.orderId), isNull(bindings.endedAt)));
  return { orderId: order.orderId, orderNo: order.orderNo, ...line };
}

/** How many rows each relay table holds: the "nothing written" checks compare these. */
export async function relayRowCounts(db: Db): Promise<Record<string, number>> {
  const result = await db.execute(sql`
    select (select count(*)::int from contact_events) as contact_events,
           (select count(*)::int from blocked_callers) as blocked_callers,
           (select count(*)::int from relay_webhooks) as relay_webhooks`);
  return resultRows<Record<string, number>>(result)[0];
}
