import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bindings, orders, slots } from "@/lib/db/schema";
import { settings } from "@/lib/settings";
import { recordActivity } from "./activity";
import { canExtend, coolUntilAfter } from "./rules";

export type ExtendResult =
  | { ok: true; endsAt: Date; extensionsLeft: number; extensions: number }
  | { ok: false; reason: "not_found" | "not_completed" | "not_active" | "too_early" | "limit_reached" };

/** After-sales: push a completed order's line end back by the extension, within the rules of `canExtend`. */
export async function extendLine(
  db: Executor,
  { buyerId, orderId, now }: { buyerId: string; orderId: string; now: Date },
): Promise<ExtendResult> {
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select({ status: orders.status, orderNo: orders.orderNo })
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId)))
      .for("update");
    if (!order) return { ok: false, reason: "not_found" } as const;
    const [line] = await tx
      .select({
        id: bindings.id,
        slotId: bindings.slotId,
        endsAt: bindings.endsAt,
        endedAt: bindings.endedAt,
        endReason: bindings.endReason,
        coolUntil: bindings.coolUntil,
        extensions: bindings.extensions,
      })
      .from(bindings)
      .where(and(eq(bindings.orderId, orderId), isNull(bindings.endedAt)))
      .for("update");
    if (!line) return { ok: false, reason: "not_active" } as const;
    const check = canExtend(line, order.status, now);
    if (!check.ok) return check;
    const extensions = line.extensions + 1;
    const coolUntil = coolUntilAfter(check.newEndsAt);
    await tx.update(bindings).set({ endsAt: check.newEndsAt, coolUntil, extensions }).where(eq(bindings.id, line.id));
    await tx.update(slots).set({ availableAt: coolUntil }).where(eq(slots.id, line.slotId));
    await recordActivity(tx, {
      buyerId,
      kind: "line_extended",
      orderId,
      detail: { orderNo: order.orderNo, endsAt: check.newEndsAt.toISOString() },
      now,
    });
    return {
      ok: true,
      endsAt: check.newEndsAt,
      extensions,
      extensionsLeft: Math.max(0, settings.extensionMaxCount - extensions),
    } as const;
  });
}
