import "server-only";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { type ActivityKind, activityEvents, orders } from "@/lib/db/schema";

export async function recordActivity(
  db: Executor,
  {
    buyerId,
    kind,
    orderId,
    detail,
    now,
  }: {
    buyerId: string;
    kind: ActivityKind;
    orderId?: string | null;
    detail?: Record<string, string | number>;
    now: Date;
  },
): Promise<void> {
  await db.insert(activityEvents).values({ buyerId, kind, orderId: orderId ?? null, detail: detail ?? null, at: now });
}

export type ActivityDto = {
  id: number;
  kind: ActivityKind;
  at: Date;
  orderId: string | null;
  orderNo: string | null;
  detail: Record<string, string | number> | null;
};

/** The buyer's own history, newest first. */
export async function listActivity(
  db: Executor,
  { buyerId, limit = 50, before }: { buyerId: string; limit?: number; before?: { at: Date; id: number } },
): Promise<ActivityDto[]> {
  const cursor = before
    ? or(lt(activityEvents.at, before.at), and(eq(activityEvents.at, before.at), lt(activityEvents.id, before.id)))
    : undefined;
  return db
    .select({
      id: activityEvents.id,
      kind: activityEvents.kind,
      at: activityEvents.at,
      orderId: activityEvents.orderId,
      orderNo: orders.orderNo,
      detail: activityEvents.detail,
    })
    .from(activityEvents)
    .leftJoin(orders, eq(orders.id, activityEvents.orderId))
    .where(and(eq(activityEvents.buyerId, buyerId), cursor))
    .orderBy(desc(activityEvents.at), desc(activityEvents.id))
    .limit(limit);
}
