import "server-only";
import { randomInt } from "node:crypto";
import { and, asc, eq, gte, isNull, lte } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bindings, hostNumbers, orders, slots } from "@/lib/db/schema";
import { isOpen } from "./rules";

export type AllocateResult =
  | { ok: true; bindingId: string; host: string; extension: string }
  | { ok: false; reason: "pool_exhausted" | "already_protected" | "not_open" | "not_found" };

const RAND_RANGE = 2 ** 31 - 1;

/**
 * Binds a free slot to an open order in one short transaction. The slot is picked at a random point
 * of the pool (wrapping round), skipping rows other allocations hold, so concurrent allocations
 * neither wait on each other nor deadlock. The partial unique index on bindings has the last word.
 */
export async function allocateLine(
  db: Executor,
  { orderId, buyerId, now }: { orderId: string; buyerId: string; now: Date },
): Promise<AllocateResult> {
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select({ status: orders.status })
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId)))
      .for("update");
    if (!order) return { ok: false, reason: "not_found" } as const;
    if (!isOpen(order.status)) return { ok: false, reason: "not_open" } as const;
    const [open] = await tx
      .select({ id: bindings.id })
      .from(bindings)
      .where(and(eq(bindings.orderId, orderId), isNull(bindings.endedAt)));
    if (open) return { ok: false, reason: "already_protected" } as const;

    const start = randomInt(RAND_RANGE);
    const pick = (from: number) =>
      tx
        .select({ id: slots.id, extension: slots.extension, host: hostNumbers.number })
        .from(slots)
        .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
        .where(and(lte(slots.availableAt, now), eq(hostNumbers.status, "active"), gte(slots.randKey, from)))
        .orderBy(asc(slots.randKey))
        .limit(1)
        .for("update", { of: slots, skipLocked: true });
    // Wrap round only when nothing lies past the starting point: each pick locks the slot it returns,
    // and a second locked slot would be kept from every other allocation until this one commits.
    let [slot] = await pick(start);
    if (!slot && start > 0) [slot] = await pick(0);
    if (!slot) {
      await tx.update(orders).set({ protection: "pending" }).where(eq(orders.id, orderId));
      return { ok: false, reason: "pool_exhausted" } as const;
    }

    await tx
      .update(bindings)
      .set({ holdsSlot: false })
      .where(and(eq(bindings.slotId, slot.id), eq(bindings.holdsSlot, true)));
    const [binding] = await tx
      .insert(bindings)
      .values({ slotId: slot.id, orderId, buyerId, boundAt: now })
      .returning({ id: bindings.id });
    await tx.update(slots).set({ availableAt: null }).where(eq(slots.id, slot.id));
    await tx.update(orders).set({ protection: "protected" }).where(eq(orders.id, orderId));
    return { ok: true, bindingId: binding.id, host: slot.host, extension: slot.extension } as const;
  });
}
