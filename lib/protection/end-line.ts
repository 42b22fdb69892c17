import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { afterCommit } from "@/lib/alibaba/commands";
import type { Executor, Tx } from "@/lib/db";
import { bindings, type EndReason, type OrderStatus, orders } from "@/lib/db/schema";
import { recordActivity } from "./activity";
import { isLive, lockBuyerOrder, lockOpenLine, updateLine } from "./line";
import { coolUntilAfter, isUndelivered } from "./rules";

export type EndLineResult =
  | { ok: true; fellBackToRealNumber: boolean; coolUntil: Date }
  | { ok: false; reason: "not_found" | "not_active" };

/**
 * Freezes the order's open line at `now` (rule 5, 6): it is rejected by the relay from this instant,
 * and its slot cools down from now. An order still on its way falls back to the real number.
 * Call inside a transaction that already holds the order row.
 */
export async function endOpenLine(
  tx: Tx,
  { orderId, status, reason, now }: { orderId: string; status: OrderStatus; reason: EndReason; now: Date },
): Promise<EndLineResult> {
  const line = await lockOpenLine(tx, { orderId });
  if (!line || !isLive(line, now)) return { ok: false, reason: "not_active" };
  const coolUntil = coolUntilAfter(now);
  await updateLine(tx, line.id, { endedAt: now, endReason: reason, coolUntil }, now);
  const fellBackToRealNumber = isUndelivered(status);
  if (fellBackToRealNumber) await tx.update(orders).set({ protection: "real_number" }).where(eq(orders.id, orderId));
  return { ok: true, fellBackToRealNumber, coolUntil };
}

/** The buyer ends one order's special line now. */
export async function endLineEarly(
  db: Executor,
  { buyerId, orderId, now }: { buyerId: string; orderId: string; now: Date },
): Promise<EndLineResult> {
  return afterCommit(
    db.transaction(async (tx) => {
      const order = await lockBuyerOrder(tx, { buyerId, orderId });
      if (!order) return { ok: false, reason: "not_found" } as const;
      const result = await endOpenLine(tx, { orderId, status: order.status, reason: "ended_early", now });
      if (result.ok) {
        await recordActivity(tx, {
          buyerId,
          kind: "line_ended",
          orderId,
          detail: { orderNo: order.orderNo, fallback: result.fellBackToRealNumber ? "real_number" : "none" },
          now,
        });
      }
      return result;
    }),
  );
}

/** Ends every live line of a buyer (turning protection off with "end them all now"). Returns how many ended. */
export async function endAllLines(
  tx: Tx,
  { buyerId, reason, now }: { buyerId: string; reason: EndReason; now: Date },
): Promise<number> {
  const open = await tx
    .select({ orderId: orders.id, status: orders.status })
    .from(bindings)
    .innerJoin(orders, eq(orders.id, bindings.orderId))
    .where(and(eq(bindings.buyerId, buyerId), isNull(bindings.endedAt)))
    .orderBy(orders.id)
    .for("update", { of: orders });
  let ended = 0;
  for (const order of open) {
    const result = await endOpenLine(tx, { orderId: order.orderId, status: order.status, reason, now });
    if (result.ok) ended += 1;
  }
  return ended;
}
