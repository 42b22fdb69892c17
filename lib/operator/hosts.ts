import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { resultRows } from "@/lib/db/client";
import { type HostStatus, hostNumbers } from "@/lib/db/schema";
import { normalizeCnMobile } from "@/lib/phone";
import { type OperatorRef, recordOperatorEvent } from "./audit";

/** Extensions 0000–9999: a host number of today's 4-digit pools carries this many slots. */
export const EXTENSIONS_PER_HOST = 10_000;

/** 4 for today's pools and fixed lines; Alibaba's mobile AXN extension hosts take 1–3 digits. */
export const DEFAULT_EXTENSION_WIDTH = 4;

export function isExtensionWidth(value: unknown): value is 1 | 2 | 3 | 4 {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** How many slots a host of this extension width carries: every extension of that many digits. */
export function slotsForWidth(width: number): number {
  return 10 ** width;
}

export type AddHostResult =
  | { ok: true; hostId: number; number: string; slots: number }
  | { ok: false; reason: "invalid_number" | "invalid_width" | "duplicate" };

/**
 * Adds a rented host number with a slot for every extension of its width (10,000 at 4 digits, 1,000 at
 * 3), free at once, in one statement (the host row and
 * its slots cannot exist without each other), and records who added it.
 */
export async function addHostNumber(
  db: Executor,
  {
    operator,
    number: raw,
    extensionWidth = DEFAULT_EXTENSION_WIDTH,
    now,
  }: { operator: OperatorRef; number: string; extensionWidth?: number; now: Date },
): Promise<AddHostResult> {
  const number = normalizeCnMobile(raw);
  if (!number) return { ok: false, reason: "invalid_number" };
  if (!isExtensionWidth(extensionWidth)) return { ok: false, reason: "invalid_width" };
  return db.transaction(async (tx) => {
    const result = await tx.execute(sql`
      with host as (
        insert into host_numbers (number, status, extension_width, created_at)
        values (${number}, 'active', ${extensionWidth}, ${now.toISOString()}::timestamptz)
        on conflict (number) do nothing
        returning id
      ), added as (
        insert into slots (host_id, extension, rand_key)
        select host.id, lpad(g::text, ${extensionWidth}, '0'), floor(random() * 2147483647)::int
        from host, generate_series(0, ${slotsForWidth(extensionWidth) - 1}) g
        returning 1
      )
      select (select id from host) as host_id, (select count(*) from added)::int as slots`);
    const [row] = resultRows<{ host_id: number | null; slots: number }>(result);
    if (row?.host_id == null) return { ok: false, reason: "duplicate" } as const;
    await recordOperatorEvent(tx, {
      operator,
      kind: "host_added",
      detail: { number, slots: Number(row.slots), extensionWidth },
      now,
    });
    return { ok: true, hostId: Number(row.host_id), number, slots: Number(row.slots) } as const;
  });
}

export type SetHostStatusResult =
  | { ok: true; changed: boolean; number: string; from: HostStatus }
  | { ok: false; reason: "not_found" };

/**
 * Retire (no new bindings; live lines keep working until they end), lock (the relay rejects every call
 * and message to it at once, for abuse), or make it active again. Allocation only picks slots of
 * active host numbers and the relay reads the status on every decision, so the change takes effect
 * with the next request, in every process.
 */
export async function setHostStatus(
  db: Executor,
  { operator, hostId, status, now }: { operator: OperatorRef; hostId: number; status: HostStatus; now: Date },
): Promise<SetHostStatusResult> {
  return db.transaction(async (tx) => {
    const [host] = await tx
      .select({ number: hostNumbers.number, status: hostNumbers.status })
      .from(hostNumbers)
      .where(eq(hostNumbers.id, hostId))
      .for("update");
    if (!host) return { ok: false, reason: "not_found" } as const;
    if (host.status === status) return { ok: true, changed: false, number: host.number, from: host.status } as const;
    await tx.update(hostNumbers).set({ status }).where(eq(hostNumbers.id, hostId));
    await recordOperatorEvent(tx, {
      operator,
      kind: "host_status",
      detail: { number: host.number, from: host.status, to: status },
      now,
    });
    return { ok: true, changed: true, number: host.number, from: host.status } as const;
  });
}
