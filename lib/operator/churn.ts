import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { resultRows } from "@/lib/db/client";
import { DAY_MS } from "@/lib/settings";
import { maskEmail } from "./audit";

export type ChurnDto = { buyer: string; orders: number; endedLines: number };

/**
 * Buyers who ended far more lines than they have orders in the last `days`: ending and protecting
 * orders over and over is how one account would try to drain the pool. Emails masked.
 */
export async function listLineChurners(
  db: Executor,
  {
    now,
    days = 7,
    minEnded = 5,
    ratio = 3,
    limit = 10,
  }: { now: Date; days?: number; minEnded?: number; ratio?: number; limit?: number },
): Promise<ChurnDto[]> {
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const rows = resultRows<{ email: string; orders: number; ended: number }>(
    await db.execute(sql`
      select u.email, count(distinct b.order_id)::int as orders, count(*)::int as ended
      from bindings b join users u on u.id = b.buyer_id
      where b.end_reason = 'ended_early' and b.ended_at > ${since}::timestamptz
      group by u.id, u.email
      having count(*) >= ${minEnded} and count(*) >= ${ratio} * count(distinct b.order_id)
      order by count(*) desc
      limit ${limit}`),
  );
  return rows.map((row) => ({ buyer: maskEmail(row.email), orders: row.orders, endedLines: row.ended }));
}
