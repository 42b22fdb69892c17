import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { afterCommit } from "@/lib/alibaba/commands";
import type { Executor } from "@/lib/db";
import { activityEvents, bindings, couriers, orders, slots } from "@/lib/db/schema";
import { days, settings } from "@/lib/settings";
import { recordActivity } from "./activity";
import { type AllocateResult, allocateLine, type PlaceOrderInput, placeWithLine } from "./allocate";
import { endOpenLine } from "./end-line";
import { lockBuyerOrder, lockOpenLine, openLineOf, updateLine } from "./line";
import { createParcelIn } from "./parcels";
import { canTransition, coolUntilAfter, endsAtAfterCompletion, type Transition } from "./rules";

export type { PlaceOrderInput };

export type PlaceOrderResult = {
  orderId: string;
  orderNo: string;
  protection: "protected" | "pending" | "real_number";
};

/** `width` random digits, leading zeros kept: the tail of an order number or a tracking number. */
const randomDigits = (width: number) => zeroPadded(randomInt(10 ** width), width);

/** `n` written in `width` digits, with leading zeros. */
export function zeroPadded(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function newOrderNo(now: Date): string {
  const ymd = now.toISOString().slice(0, 10).replaceAll("-", "");
  return `${ymd}${randomDigits(9)}`;
}

/**
 * Rule 2 and 9: an order placed while protection is on gets a line at once; when the pool is
 * exhausted it is still placed, marked pending, and the buyer can retry. One statement does it all
 * (placeWithLine).
 */
export async function placeOrder(
  db: Executor,
  input: PlaceOrderInput,
  { drawOrderNo = newOrderNo }: { drawOrderNo?: (now: Date) => string } = {},
): Promise<PlaceOrderResult> {
  // Order numbers are 9 random digits a day: at a marketplace's volume two orders do draw the same one.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const orderId = randomUUID();
    const orderNo = drawOrderNo(input.now);
    const placed = await afterCommit(placeWithLine(db, { ...input, id: orderId, orderNo }));
    if (placed) return { orderId, orderNo, protection: placed.protection };
  }
  throw new Error("placeOrder: no free order number after 5 draws");
}

/** A buyer protects an open order by hand (placed while protection was off, or pending after an exhausted pool). */
export async function protectOrder(
  db: Executor,
  { buyerId, orderId, now }: { buyerId: string; orderId: string; now: Date },
): Promise<AllocateResult | { ok: false; reason: "reprotect_limit" }> {
  return afterCommit(
    db.transaction(async (tx) => {
      // Serialises one buyer's hand protections, so that parallel requests cannot all pass the count.
      await tx.execute(sql`select 1 from users where id = ${buyerId}::uuid for update`);
      const [counts] = await tx
        .select({
          buyer: sql<number>`count(*)::int`,
          order: sql<number>`(count(*) filter (where ${activityEvents.orderId} = ${orderId}::uuid))::int`,
        })
        .from(activityEvents)
        .where(
          and(
            eq(activityEvents.buyerId, buyerId),
            eq(activityEvents.kind, "order_protected"),
            gt(activityEvents.at, new Date(now.getTime() - days(1))),
          ),
        );
      if (counts.order >= settings.reprotectPerOrderPerDay || counts.buyer >= settings.reprotectPerBuyerPerDay) {
        return { ok: false, reason: "reprotect_limit" } as const;
      }
      const result = await allocateLine(tx, { orderId, buyerId, now });
      if (result.ok) {
        const [order] = await tx.select({ orderNo: orders.orderNo }).from(orders).where(eq(orders.id, orderId));
        await recordActivity(tx, {
          buyerId,
          kind: "order_protected",
          orderId,
          detail: { orderNo: order.orderNo },
          now,
        });
      }
      return result;
    }),
  );
}

export type TransitionResult = { ok: true } | { ok: false; reason: "not_found" | "invalid_transition" };

export type { Transition } from "./rules";

/**
 * The order's own lifecycle, as the merchant and courier drive it. Completion starts the line's
 * 15-day clock (rule 4); cancellation and refund end the line at once.
 */
export async function transitionOrder(
  db: Executor,
  { buyerId, orderId, transition, now }: { buyerId: string; orderId: string; transition: Transition; now: Date },
): Promise<TransitionResult> {
  return afterCommit(
    db.transaction(async (tx) => {
      const order = await lockBuyerOrder(tx, { buyerId, orderId });
      if (!order) return { ok: false, reason: "not_found" } as const;
      if (!canTransition(transition, order.status)) return { ok: false, reason: "invalid_transition" } as const;
      switch (transition) {
        case "ship": {
          const [courier] = await tx.select({ id: couriers.id }).from(couriers).orderBy(couriers.id).limit(1);
          const trackingNumber = `SF${randomDigits(12)}`;
          await tx
            .update(orders)
            .set({ status: "shipped", shippedAt: now, courierId: courier?.id ?? null, trackingNumber })
            .where(eq(orders.id, orderId));
          await createParcelIn(tx, { orderId, buyerId, trackingNumber, now });
          break;
        }
        case "deliver":
          await tx.update(orders).set({ status: "delivered", deliveredAt: now }).where(eq(orders.id, orderId));
          break;
        case "complete": {
          await tx.update(orders).set({ status: "completed", completedAt: now }).where(eq(orders.id, orderId));
          const endsAt = endsAtAfterCompletion(now);
          const line = await lockOpenLine(tx, { orderId });
          if (line) await updateLine(tx, line.id, { endsAt, coolUntil: coolUntilAfter(endsAt) }, now);
          break;
        }
        case "cancel":
        case "refund": {
          const status = transition === "cancel" ? "cancelled" : "refunded";
          await endOpenLine(tx, {
            orderId,
            status: order.status,
            reason: transition === "cancel" ? "order_cancelled" : "order_refunded",
            now,
          });
          // A line that was still pending never reached the waybill: the order simply used the real number.
          await tx
            .update(orders)
            .set({
              status,
              cancelledAt: now,
              ...(order.protection === "pending" ? { protection: "real_number" } : {}),
            })
            .where(eq(orders.id, orderId));
          break;
        }
      }
      return { ok: true } as const;
    }),
  );
}

/**
 * Tester control: pretend the order was completed `daysBack` days earlier, so a line's expiry can be
 * seen without waiting. Moves the completion and everything computed from it.
 */
export async function moveCompletionBack(
  db: Executor,
  { buyerId, orderId, daysBack }: { buyerId: string; orderId: string; daysBack: number },
): Promise<TransitionResult> {
  return afterCommit(
    db.transaction(async (tx) => {
      const order = await lockBuyerOrder(tx, { buyerId, orderId });
      if (!order) return { ok: false, reason: "not_found" } as const;
      if (order.status !== "completed" || !order.completedAt)
        return { ok: false, reason: "invalid_transition" } as const;
      const shift = (d: Date | null) => (d ? new Date(d.getTime() - days(daysBack)) : null);
      await tx
        .update(orders)
        .set({ completedAt: shift(order.completedAt) ?? undefined })
        .where(eq(orders.id, orderId));
      const open = openLineOf(orderId);
      // Slot rows before binding rows, the order allocation takes them in: the other way round, an
      // allocation handed this line's cooled-down slot at the same moment deadlocks with this update.
      const held = await tx
        .select({ slotId: bindings.slotId })
        .from(bindings)
        .where(and(open, eq(bindings.holdsSlot, true)));
      const heldSlots = held.map((line) => line.slotId);
      if (heldSlots.length > 0) {
        await tx
          .select({ id: slots.id })
          .from(slots)
          .where(inArray(slots.id, heldSlots))
          .orderBy(asc(slots.id))
          .for("update");
      }
      const line = await lockOpenLine(tx, { orderId });
      if (line) await updateLine(tx, line.id, { endsAt: shift(line.endsAt), coolUntil: shift(line.coolUntil) });
      return { ok: true } as const;
    }),
  );
}
