import "server-only";
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bindings, type HostStatus, hostNumbers, slots } from "@/lib/db/schema";
import { liveAt } from "@/lib/protection/line";

const HOUR_MS = 60 * 60 * 1000;

/**
 * Slots at `now`, with the definitions of the race test's census (lib/protection/race.test.ts):
 * bound = its holder binding is live; cooling = not bound and `available_at` later than now;
 * free = not bound and `available_at` at or before now. Every slot is exactly one of the three.
 */
export type SlotCounts = { total: number; free: number; bound: number; cooling: number };
/** Bindings made in (now − 1 h, now] and (now − 24 h, now]. */
export type AllocationCounts = { lastHour: number; last24h: number };

export type HostHealth = SlotCounts &
  AllocationCounts & {
    id: number;
    number: string;
    status: HostStatus;
    /** Digits of its extensions: 4 in today's pools, 1–3 on Alibaba's mobile AXN extension hosts. */
    extensionWidth: number;
    createdAt: Date;
    /** Share of slots that cannot be handed out: bound or cooling. 0–1. */
    utilisation: number;
  };

export type Forecast = { kind: "exhausted" } | { kind: "idle" } | { kind: "runs_out"; hours: number; at: Date };

export type PoolHealth = {
  hosts: HostHealth[];
  total: SlotCounts & AllocationCounts & { utilisation: number };
  /** Free slots on active host numbers: what allocation can still hand out. */
  allocatable: number;
  /** Lines per hour the forecast assumes: the higher of the last hour and the last 24 hours' average. */
  ratePerHour: number;
  forecast: Forecast;
};

export function utilisation({ total, bound, cooling }: SlotCounts): number {
  return total === 0 ? 0 : (bound + cooling) / total;
}

/**
 * A plain forecast: how long the allocatable slots last at a constant rate. It ignores slots coming
 * back from cool-down, so it errs on the early side.
 */
export function forecastExhaustion({
  free,
  ratePerHour,
  now,
}: {
  free: number;
  ratePerHour: number;
  now: Date;
}): Forecast {
  if (free <= 0) return { kind: "exhausted" };
  if (!(ratePerHour > 0)) return { kind: "idle" };
  const hours = free / ratePerHour;
  return { kind: "runs_out", hours, at: new Date(now.getTime() + hours * HOUR_MS) };
}

/** The rate the forecast assumes: recent bursts count, quiet hours do not hide a busy day. */
export function currentRate({ lastHour, last24h }: AllocationCounts): number {
  return Math.max(lastHour, last24h / 24);
}

export async function getPoolHealth(db: Executor, { now }: { now: Date }): Promise<PoolHealth> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const live = db
    .select({ slotId: bindings.slotId })
    .from(bindings)
    .where(and(eq(bindings.holdsSlot, true), liveAt(now)))
    .as("live");
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const dayAgo = new Date(now.getTime() - 24 * HOUR_MS);
  const [census, allocations] = await Promise.all([
    db
      .select({
        id: hostNumbers.id,
        number: hostNumbers.number,
        status: hostNumbers.status,
        extensionWidth: hostNumbers.extensionWidth,
        createdAt: hostNumbers.createdAt,
        total: sql<number>`count(${slots.id})::int`,
        bound: sql<number>`count(${live.slotId})::int`,
        cooling: sql<number>`(count(*) filter (where ${live.slotId} is null and ${slots.availableAt} > ${at}))::int`,
        free: sql<number>`(count(*) filter (where ${live.slotId} is null and ${slots.availableAt} <= ${at}))::int`,
      })
      .from(hostNumbers)
      .leftJoin(slots, eq(slots.hostId, hostNumbers.id))
      .leftJoin(live, eq(live.slotId, slots.id))
      .groupBy(hostNumbers.id)
      .orderBy(asc(hostNumbers.id)),
    db
      .select({
        hostId: slots.hostId,
        lastHour: sql<number>`(count(*) filter (where ${gt(bindings.boundAt, hourAgo)}))::int`,
        last24h: sql<number>`count(*)::int`,
      })
      .from(bindings)
      .innerJoin(slots, eq(slots.id, bindings.slotId))
      .where(and(gt(bindings.boundAt, dayAgo), lte(bindings.boundAt, now)))
      .groupBy(slots.hostId),
  ]);
  const byHost = new Map(allocations.map((row) => [row.hostId, row]));
  const hosts: HostHealth[] = census.map((row) => {
    const counts = {
      total: Number(row.total),
      free: Number(row.free),
      bound: Number(row.bound),
      cooling: Number(row.cooling),
    };
    const made = byHost.get(row.id);
    return {
      ...row,
      ...counts,
      lastHour: Number(made?.lastHour ?? 0),
      last24h: Number(made?.last24h ?? 0),
      utilisation: utilisation(counts),
    };
  });
  const sum = (key: keyof SlotCounts | keyof AllocationCounts) => hosts.reduce((n, host) => n + host[key], 0);
  const totalCounts = { total: sum("total"), free: sum("free"), bound: sum("bound"), cooling: sum("cooling") };
  const made = { lastHour: sum("lastHour"), last24h: sum("last24h") };
  const allocatable = hosts.filter((host) => host.status === "active").reduce((n, host) => n + host.free, 0);
  const ratePerHour = currentRate(made);
  return {
    hosts,
    total: { ...totalCounts, ...made, utilisation: utilisation(totalCounts) },
    allocatable,
    ratePerHour,
    forecast: forecastExhaustion({ free: allocatable, ratePerHour, now }),
  };
}
