import "server-only";
import { and, eq, gt, isNull, or, type SQL } from "drizzle-orm";
import { providerLineChanged } from "@/lib/alibaba/commands";
import type { Tx } from "@/lib/db";
import { bindings, type EndReason, type OrderStatus, orders, type ProtectionState, slots } from "@/lib/db/schema";
import { days, settings } from "@/lib/settings";

/**
 * A special line is a binding of a slot to an order. This module is the one place that knows how a
 * line is read, judged and written: its columns, the "live" rule in TypeScript and in SQL, locking
 * the order it belongs to, and writing its times together with the slot's `available_at` mirror.
 */

/** The times that decide what a line is doing at a given instant. */
export type LineTimes = {
  endsAt: Date | null;
  endedAt: Date | null;
  endReason: EndReason | null;
  coolUntil: Date | null;
  extensions: number;
};

/** The columns of `LineTimes`, for any select from `bindings`. */
export const lineTimesColumns = {
  endsAt: bindings.endsAt,
  endedAt: bindings.endedAt,
  endReason: bindings.endReason,
  coolUntil: bindings.coolUntil,
  extensions: bindings.extensions,
};

export type LineState =
  | { kind: "active"; endsAt: Date | null }
  | { kind: "expired"; at: Date; coolUntil: Date | null }
  | { kind: "ended"; at: Date; reason: EndReason; coolUntil: Date | null };

/** A line works until it is ended, or until its end time: at that very instant it stops. */
export function lineState(line: LineTimes, now: Date): LineState {
  if (line.endedAt && line.endReason) {
    return { kind: "ended", at: line.endedAt, reason: line.endReason, coolUntil: line.coolUntil };
  }
  if (line.endsAt && now.getTime() >= line.endsAt.getTime()) {
    return { kind: "expired", at: line.endsAt, coolUntil: line.coolUntil };
  }
  return { kind: "active", endsAt: line.endsAt };
}

export function isLive(line: LineTimes, now: Date): boolean {
  return lineState(line, now).kind === "active";
}

/** `isLive` as a `where` on `bindings`: not ended, and either open-ended or ending later than `now`. */
export function liveAt(now: Date): SQL {
  return and(isNull(bindings.endedAt), or(isNull(bindings.endsAt), gt(bindings.endsAt, now))) as SQL;
}

export type ExtendCheck =
  | { ok: true; newEndsAt: Date }
  | { ok: false; reason: "not_completed" | "not_active" | "too_early" | "limit_reached" };

/** After-sales extension: only for a completed order's live line, within the last days, a limited number of times. */
export function canExtend(line: LineTimes, orderStatus: OrderStatus, now: Date): ExtendCheck {
  if (orderStatus !== "completed" || !line.endsAt) return { ok: false, reason: "not_completed" };
  if (!isLive(line, now)) return { ok: false, reason: "not_active" };
  if (line.extensions >= settings.extensionMaxCount) return { ok: false, reason: "limit_reached" };
  if (line.endsAt.getTime() - now.getTime() > days(settings.extensionWindowDays))
    return { ok: false, reason: "too_early" };
  return { ok: true, newEndsAt: new Date(line.endsAt.getTime() + days(settings.extensionDays)) };
}

/** The order's line that was not ended early (at most one: `bindings_one_open_per_order`). */
export function openLineOf(orderId: string): SQL {
  return and(eq(bindings.orderId, orderId), isNull(bindings.endedAt)) as SQL;
}

export type LockedOrder = {
  id: string;
  status: OrderStatus;
  orderNo: string;
  protection: ProtectionState;
  completedAt: Date | null;
};

/**
 * Locks the buyer's order for the rest of the transaction, or null when it does not exist or is
 * someone else's. Every change to an order's line starts here, so two changes of one order queue.
 */
export async function lockBuyerOrder(
  tx: Tx,
  { buyerId, orderId }: { buyerId: string; orderId: string },
): Promise<LockedOrder | null> {
  const [order] = await tx
    .select({
      id: orders.id,
      status: orders.status,
      orderNo: orders.orderNo,
      protection: orders.protection,
      completedAt: orders.completedAt,
    })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId)))
    .for("update");
  return order ?? null;
}

export type OpenLine = LineTimes & { id: string; slotId: number };

/** The order's open line, locked, or null. */
export async function lockOpenLine(tx: Tx, { orderId }: { orderId: string }): Promise<OpenLine | null> {
  const [line] = await tx
    .select({ id: bindings.id, slotId: bindings.slotId, ...lineTimesColumns })
    .from(bindings)
    .where(openLineOf(orderId))
    .for("update");
  return line ?? null;
}

export type LineChange = {
  endsAt?: Date | null;
  endedAt?: Date;
  endReason?: EndReason;
  extensions?: number;
  /** Always given: it is what the slot's `available_at` mirrors. */
  coolUntil: Date | null;
};

/**
 * Writes a line's times and, while the line holds its slot, the slot's `available_at` (what allocation
 * reads instead of joining bindings). The only writer of that mirror besides the allocation statement,
 * which marks the slot taken. With a routing provider (Alibaba) the command that follows the change
 * (unbind, or the new expiration) is written in the same transaction.
 */
export async function updateLine(tx: Tx, lineId: string, change: LineChange, now: Date = new Date()): Promise<void> {
  const [line] = await tx
    .update(bindings)
    .set(change)
    .where(eq(bindings.id, lineId))
    .returning({ slotId: bindings.slotId, holdsSlot: bindings.holdsSlot });
  // Every caller passes a line it has just locked (lockOpenLine), so the row is there.
  if (line.holdsSlot) await tx.update(slots).set({ availableAt: change.coolUntil }).where(eq(slots.id, line.slotId));
  await providerLineChanged(tx, {
    bindingId: lineId,
    ended: change.endedAt !== undefined,
    endsAt: change.endsAt,
    now,
  });
}
