import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { resultRows } from "@/lib/db/client";
import { DAY_MS } from "@/lib/settings";

/** How far back misses are counted. */
export const TAIL_WINDOW_DAYS = 30;
/** The share of asking buyers the host count should serve. */
export const TAIL_TARGET_SHARE = 0.99;
const SHOWN_TAILS = 20;

/** One last four that buyers asked their lines to end in. */
export type TailDemand = {
  tail: string;
  /** Lines given to buyers who asked for it, in the window; of them, how many ended in other digits. */
  asked: number;
  missed: number;
  /** Lines of such buyers holding a slot now (live or cooling): slots of this last four wanted at once. */
  holding: number;
};

export type TailHealth = {
  /** Active host numbers: each gives every last four exactly one slot, so this is the per-tail capacity. */
  hosts: number;
  askingBuyers: number;
  asked: number;
  missed: number;
  holding: number;
  /** The most lines one last four has at once. */
  busiest: number;
  /** Host numbers that would give `TAIL_TARGET_SHARE` of the held lines their own digits. */
  needed: number;
  /** The last fours missed most often in the window (the exhausted tails), most first. */
  exhausted: TailDemand[];
};

/**
 * The fewest host numbers H that serve `share` of the demand, when each last four has H slots: a last
 * four wanted by d lines at once gets min(d, H) of them. Zero when nothing is wanted.
 */
export function hostsForShare(demands: number[], share = TAIL_TARGET_SHARE): number {
  const total = demands.reduce((n, d) => n + d, 0);
  if (total === 0) return 0;
  const busiest = Math.max(...demands);
  for (let hosts = 1; hosts < busiest; hosts += 1) {
    const served = demands.reduce((n, d) => n + Math.min(d, hosts), 0);
    if (served >= share * total) return hosts;
  }
  return busiest;
}

/**
 * Demand per last four, read from the lines' `own_digits` and the masked numbers already stored (never
 * the full number), with the capacity arithmetic beside it.
 */
export async function getTailHealth(db: Executor, { now }: { now: Date }): Promise<TailHealth> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const since = new Date(now.getTime() - TAIL_WINDOW_DAYS * DAY_MS).toISOString();
  const [tails, [counts]] = await Promise.all([
    db.execute(sql`
      select right(u.phone_masked, 4) as tail,
        (count(*) filter (where b.bound_at > ${since}::timestamptz))::int as asked,
        (count(*) filter (where b.bound_at > ${since}::timestamptz and b.own_digits = 'missed'))::int as missed,
        (count(*) filter (where b.holds_slot and (s.available_at is null or s.available_at > ${at})))::int as holding
      from bindings b join users u on u.id = b.buyer_id join slots s on s.id = b.slot_id
      where b.own_digits is not null and b.bound_at <= ${at}
      group by 1`),
    db
      .execute(sql`
        select (select count(*) from host_numbers where status = 'active')::int as hosts,
          (select count(*) from protection_settings where own_last_four)::int as asking`)
      .then((result) => resultRows<{ hosts: number; asking: number }>(result)),
  ]);
  const rows = resultRows<TailDemand>(tails).map((row) => ({
    tail: row.tail,
    asked: Number(row.asked),
    missed: Number(row.missed),
    holding: Number(row.holding),
  }));
  const sum = (key: "asked" | "missed" | "holding") => rows.reduce((n, row) => n + row[key], 0);
  const demands = rows.map((row) => row.holding).filter((d) => d > 0);
  return {
    hosts: Number(counts?.hosts ?? 0),
    askingBuyers: Number(counts?.asking ?? 0),
    asked: sum("asked"),
    missed: sum("missed"),
    holding: sum("holding"),
    busiest: demands.length ? Math.max(...demands) : 0,
    needed: hostsForShare(demands),
    exhausted: rows
      .filter((row) => row.missed > 0)
      .sort((a, b) => b.missed - a.missed || b.holding - a.holding || a.tail.localeCompare(b.tail))
      .slice(0, SHOWN_TAILS),
  };
}
