import { and, between, eq, notInArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bindings, orders, parcels } from "@/lib/db/schema";
import { enqueue } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/types";
import { liveAt } from "@/lib/protection/line";
import { remindIn } from "./remind";

export const SCAN_JOB = "reminder.scan";

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
/** "A line stops in 2 days", "has waited 2 days": the two days. */
export const LINE_STOPPING_WITHIN_MS = 2 * DAY;
export const WAITED_MS = 2 * DAY;
/** A station's deadline is "near" within a day. */
export const DEADLINE_NEAR_MS = DAY;

/** The next whole hour after `now`: the scan runs hourly, one job a slot however many instances enqueue it. */
export function nextScan(now: Date): { runAt: Date; key: string } {
  const runAt = new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
  return { runAt, key: `scan:${runAt.toISOString()}` };
}

export async function scheduleScan(db: Executor, now: Date): Promise<void> {
  const { runAt, key } = nextScan(now);
  await enqueue(db, { kind: SCAN_JOB, key, runAt, payload: {} }, now);
}

/**
 * The reminders that come from time passing, not from a change: a completed order's line ending within
 * two days (after-sales, with Extend), a parcel waiting two days at a station or near its deadline.
 * Each is keyed by its cause, so a scan that runs again writes nothing twice.
 */
export async function scanReminders(tx: Executor, now: Date): Promise<number> {
  let written = 0;
  const stopping = await tx
    .select({
      bindingId: bindings.id,
      endsAt: bindings.endsAt,
      orderId: orders.id,
      buyerId: orders.buyerId,
      item: orders.item,
    })
    .from(bindings)
    .innerJoin(orders, eq(orders.id, bindings.orderId))
    .where(
      and(
        eq(orders.status, "completed"),
        liveAt(now),
        between(bindings.endsAt, now, new Date(now.getTime() + LINE_STOPPING_WITHIN_MS)),
      ),
    );
  for (const line of stopping) {
    if (!line.endsAt) continue;
    const id = await remindIn(tx, {
      buyerId: line.buyerId,
      kind: "line_stopping",
      key: `line:${line.bindingId}:${line.endsAt.toISOString()}`,
      params: { item: line.item, endsAt: line.endsAt.toISOString(), orderId: line.orderId },
      url: `/orders/${line.orderId}`,
      now,
    });
    if (id) written += 1;
  }
  const waiting = await tx
    .select({
      id: parcels.id,
      buyerId: parcels.buyerId,
      item: orders.item,
      station: parcels.station,
      arrivedAt: parcels.arrivedAt,
      deadlineAt: parcels.deadlineAt,
      deadlineText: parcels.deadlineText,
    })
    .from(parcels)
    .innerJoin(orders, eq(orders.id, parcels.orderId))
    .where(and(eq(parcels.state, "at_station"), notInArray(orders.status, ["cancelled", "refunded"])));
  for (const parcel of waiting) {
    const base = { buyerId: parcel.buyerId, kind: "parcel_waiting" as const, url: "/pickup", now };
    const params = { item: parcel.item, station: parcel.station ?? "" };
    const deadlineNear =
      parcel.deadlineAt &&
      parcel.deadlineAt.getTime() > now.getTime() &&
      parcel.deadlineAt.getTime() - now.getTime() <= DEADLINE_NEAR_MS;
    if (deadlineNear) {
      const id = await remindIn(tx, {
        ...base,
        key: `deadline:${parcel.id}`,
        params: { ...params, reason: "deadline", deadline: parcel.deadlineText ?? "" },
      });
      if (id) written += 1;
    } else if (parcel.arrivedAt && now.getTime() - parcel.arrivedAt.getTime() >= WAITED_MS) {
      const id = await remindIn(tx, { ...base, key: `waited:${parcel.id}`, params: { ...params, reason: "waited" } });
      if (id) written += 1;
    }
  }
  return written;
}

/** `reminder.scan`: the hourly scan, and the next one scheduled in the same transaction. */
export const reminderScanHandler: JobHandler = {
  async handle(_job, { db, now }) {
    await db.transaction(async (tx) => {
      await scanReminders(tx, now);
      await scheduleScan(tx, now);
    });
  },
};
