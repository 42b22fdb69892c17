import "server-only";
import { afterCommit } from "@/lib/alibaba/commands";
import type { Executor } from "@/lib/db";
import { settings } from "@/lib/settings";
import { recordActivity } from "./activity";
import { canExtend, lockBuyerOrder, lockOpenLine, updateLine } from "./line";
import { coolUntilAfter } from "./rules";

export type ExtendResult =
  | { ok: true; endsAt: Date; extensionsLeft: number; extensions: number }
  | { ok: false; reason: "not_found" | "not_completed" | "not_active" | "too_early" | "limit_reached" };

/** After-sales: push a completed order's line end back by the extension, within the rules of `canExtend`. */
export async function extendLine(
  db: Executor,
  { buyerId, orderId, now }: { buyerId: string; orderId: string; now: Date },
): Promise<ExtendResult> {
  return afterCommit(
    db.transaction(async (tx) => {
      const order = await lockBuyerOrder(tx, { buyerId, orderId });
      if (!order) return { ok: false, reason: "not_found" } as const;
      const line = await lockOpenLine(tx, { orderId });
      if (!line) return { ok: false, reason: "not_active" } as const;
      const check = canExtend(line, order.status, now);
      if (!check.ok) return check;
      const extensions = line.extensions + 1;
      const coolUntil = coolUntilAfter(check.newEndsAt);
      await updateLine(tx, line.id, { endsAt: check.newEndsAt, coolUntil, extensions }, now);
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
    }),
  );
}
