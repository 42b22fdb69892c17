import { eq, inArray, sql } from "drizzle-orm";
import { type Db, resultRows } from "@/lib/db/client";
import { hostNumbers, providerBindings } from "@/lib/db/schema";
import { enqueue } from "@/lib/jobs/queue";
import type { JobHandler } from "@/lib/jobs/types";
import { type DyplsClient, dyplsClient, fromBeijingTime } from "./client";
import { PROVIDER_COMMAND, PROVIDER_RECONCILE } from "./kinds";
import { expirationStale, wantedExpiration } from "./outbox";

/**
 * Compares our lines with what Alibaba holds on every host number we know, and closes the gaps:
 * a binding there that no live line of ours owns is unbound at once; a live line the provider lost
 * is bound again, and a wrong expiration moved, through the outbox. Reports each difference found.
 */

export type Drift =
  | { kind: "stray_unbound"; host: string; extension: string; subsId: string }
  | { kind: "missing_rebind"; bindingId: string; host: string; extension: string }
  | { kind: "expiration_fixed"; bindingId: string; subsId: string }
  | { kind: "unknown_line_bound"; bindingId: string; host: string; extension: string };

export type ReconcileReport = { hosts: number; providerLive: number; ourLive: number; drifts: Drift[] };

type Ours = {
  /** Null when the line itself is gone (its account was deleted). */
  line_id: string | null;
  binding_id: string;
  host: string;
  extension: string;
  ended_at: string | Date | null;
  ends_at: string | Date | null;
  buyer_id: string;
  subs_id: string | null;
  state: string | null;
  expiration: string | Date | null;
};

export async function reconcile(
  db: Db,
  { client = dyplsClient(), now = new Date() }: { client?: DyplsClient; now?: Date } = {},
): Promise<ReconcileReport> {
  // Every line the provider could know of: those with a provider row, and live lines without one
  // (bound before the switch to Alibaba).
  const ours = resultRows<Ours>(
    await db.execute(sql`
      select b.id as line_id, coalesce(p.binding_id, b.id) as binding_id, coalesce(p.host, h.number) as host,
        coalesce(p.extension, s.extension) as extension, b.ended_at, b.ends_at, b.buyer_id,
        p.subs_id, p.state, p.expiration
      from bindings b
        join slots s on s.id = b.slot_id join host_numbers h on h.id = s.host_id
        full join provider_bindings p on p.binding_id = b.id
      where p.binding_id is not null
         or (b.ended_at is null and (b.ends_at is null or b.ends_at > ${now.toISOString()}::timestamptz))`),
  );
  const hostRows = await db.select({ number: hostNumbers.number }).from(hostNumbers);
  const hosts = [...new Set([...hostRows.map((h) => h.number), ...ours.map((o) => o.host)])].sort();

  const want = (line: Ours) => wantedExpiration(line.line_id ? line : undefined, now);
  const bySubs = new Map(ours.filter((o) => o.subs_id).map((o) => [o.subs_id as string, o]));
  const drifts: Drift[] = [];
  const seenLive = new Set<string>();
  let providerLive = 0;

  for (const host of hosts) {
    for (const subsId of await client.querySubsIds(host)) {
      const detail = await client.querySubscriptionDetail({ subsId, phoneNoX: host });
      if (detail?.status !== 1) continue;
      providerLive += 1;
      const owner = bySubs.get(subsId);
      const wanted = owner ? want(owner) : null;
      if (!owner || !wanted) {
        await client.unbind({ subsId, secretNo: host });
        if (owner)
          await db
            .update(providerBindings)
            .set({ state: "unbound", updatedAt: now })
            .where(eq(providerBindings.bindingId, owner.binding_id));
        drifts.push({ kind: "stray_unbound", host, extension: detail.extension, subsId });
        continue;
      }
      seenLive.add(owner.binding_id);
      const held = fromBeijingTime(detail.expireDate);
      if (expirationStale(held, owner, wanted, now)) {
        // The row's expiration is what the handler compares: forget it, and the command moves it.
        await db
          .update(providerBindings)
          .set({ expiration: null, updatedAt: now })
          .where(eq(providerBindings.bindingId, owner.binding_id));
        await enqueue(db, { kind: PROVIDER_COMMAND, payload: { bindingId: owner.binding_id, command: "update" } }, now);
        drifts.push({ kind: "expiration_fixed", bindingId: owner.binding_id, subsId });
      }
    }
  }

  const lost: string[] = [];
  for (const line of ours) {
    if (!want(line) || seenLive.has(line.binding_id)) continue;
    if (line.state === null) {
      await db
        .insert(providerBindings)
        .values({
          bindingId: line.binding_id,
          host: line.host,
          extension: line.extension,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing();
      drifts.push({
        kind: "unknown_line_bound",
        bindingId: line.binding_id,
        host: line.host,
        extension: line.extension,
      });
    } else if (line.state === "connecting") {
      continue; // its bind is queued or under way
    } else {
      drifts.push({ kind: "missing_rebind", bindingId: line.binding_id, host: line.host, extension: line.extension });
    }
    lost.push(line.binding_id);
  }
  if (lost.length > 0) {
    await db
      .update(providerBindings)
      .set({ state: "connecting", subsId: null, expiration: null, bindSentAt: null, updatedAt: now })
      .where(inArray(providerBindings.bindingId, lost));
    for (const bindingId of lost) {
      await enqueue(db, { kind: PROVIDER_COMMAND, payload: { bindingId, command: "bind" } }, now);
    }
  }
  const ourLive = ours.filter((line) => want(line)).length;
  return { hosts: hosts.length, providerLive, ourLive, drifts };
}

const HOUR_MS = 3600_000;

/** The worker's hourly run: reconcile, log what differed (codes and counts, no numbers), schedule the next. */
export const providerReconcileHandler: JobHandler = {
  async handle(_job, { db, now }) {
    try {
      const report = await reconcile(db, { now });
      if (report.drifts.length > 0) {
        const kinds = report.drifts.map((d) => d.kind).join(", ");
        console.warn(`[alibaba] reconciliation fixed ${report.drifts.length} difference(s): ${kinds}`);
      }
    } finally {
      await scheduleReconcile(db, now);
    }
  },
  maxAttempts: 1,
};

/** Schedules the next hourly reconciliation, unless one is already pending. */
export async function scheduleReconcile(db: Db, now = new Date(), delayMs = HOUR_MS): Promise<void> {
  await enqueue(
    db,
    { kind: PROVIDER_RECONCILE, payload: {}, runAt: new Date(now.getTime() + delayMs), key: "hourly" },
    now,
  );
}
