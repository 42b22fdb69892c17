import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { decryptPhone } from "@/lib/crypto/phone";
import { type Db, resultRows } from "@/lib/db/client";
import { providerBindings } from "@/lib/db/schema";
import type { Job, JobHandler } from "@/lib/jobs/types";
import { AlibabaError, type DyplsClient, dyplsClient } from "./client";

/**
 * The transactional outbox of provider commands. Every change to a line (bound, its end moved, ended)
 * writes a `provider.command` job in the same transaction, so a command exists exactly when the change
 * committed, whatever the provider is doing. The handler is level-based: it reads what the line is now
 * and what the provider holds (`provider_bindings`), and does what closes the gap — bind, move the
 * expiration, or unbind. A repeated or stale command is therefore harmless, and a retried bind first
 * looks for the binding its lost answer may have made (idempotent by OutId, our binding id).
 */

/** Open lines have no end yet; the provider needs one: this far ahead, refreshed by reconciliation. */
export const OPEN_LINE_EXPIRATION_MS = 90 * 24 * 3600_000;
/** The provider refuses an expiration less than a minute ahead. */
const MIN_EXPIRATION_AHEAD_MS = 2 * 60_000;
/** How long one command holds its line: no second worker sends for it meanwhile. */
const LINE_LEASE_MS = 60_000;
/**
 * Retryable failures (throttling, system busy, 5xx, timeouts, the provider down) are sent again after
 * 0.5 s, 1 s, 2 s, then every 3 s (±25 %), without end: an outage is bridged within seconds of recovery.
 */
export function providerRetryDelayMs(failures: number): number {
  const base = Math.min(500 * 2 ** Math.max(0, failures - 1), 3000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

type LineNow = {
  id: string;
  ended_at: string | Date | null;
  ends_at: string | Date | null;
  buyer_id: string;
  phone_ciphertext: string | null;
};

const asDate = (value: string | Date | null): Date | null => (value == null ? null : new Date(value));

/** What the provider should hold for a line at `now`: nothing (ended, expired or gone), or a binding to this expiration. */
export function wantedExpiration(
  line: { ended_at: string | Date | null; ends_at: string | Date | null } | undefined,
  now: Date,
): Date | null {
  if (!line) return null;
  if (line.ended_at) return null;
  const endsAt = asDate(line.ends_at);
  if (endsAt && endsAt.getTime() <= now.getTime()) return null;
  const wanted = endsAt ?? new Date(now.getTime() + OPEN_LINE_EXPIRATION_MS);
  return new Date(Math.max(wanted.getTime(), now.getTime() + MIN_EXPIRATION_AHEAD_MS));
}

async function readLine(db: Db, bindingId: string): Promise<LineNow | undefined> {
  const [line] = resultRows<LineNow>(
    await db.execute(sql`
      select b.id, b.ended_at, b.ends_at, b.buyer_id, u.phone_ciphertext
      from bindings b left join users u on u.id = b.buyer_id
      where b.id = ${bindingId}::uuid`),
  );
  return line;
}

/** An open line's expiration is moved again only once it is this close: not at every command. */
export const OPEN_LINE_REFRESH_MS = 30 * 24 * 3600_000;

/**
 * Whether the expiration the provider holds must be moved: a line with an end must expire at it (to
 * the second); an open line only needs one far enough ahead.
 */
export function expirationStale(
  held: Date | null,
  line: { ends_at: string | Date | null },
  want: Date,
  now: Date,
): boolean {
  if (!held) return true;
  if (line.ends_at) return Math.abs(held.getTime() - want.getTime()) >= 1000;
  return held.getTime() < now.getTime() + OPEN_LINE_REFRESH_MS;
}

type Row = typeof providerBindings.$inferSelect;

async function takeLease(db: Db, bindingId: string, now: Date): Promise<Row | "busy" | null> {
  const [row] = await db
    .update(providerBindings)
    .set({ leaseUntil: new Date(now.getTime() + LINE_LEASE_MS) })
    .where(
      and(
        eq(providerBindings.bindingId, bindingId),
        or(isNull(providerBindings.leaseUntil), lt(providerBindings.leaseUntil, now)),
      ),
    )
    .returning();
  if (row) return row;
  const [exists] = await db
    .select({ id: providerBindings.bindingId })
    .from(providerBindings)
    .where(eq(providerBindings.bindingId, bindingId));
  return exists ? "busy" : null;
}

async function save(db: Db, bindingId: string, change: Partial<Row>, now: Date): Promise<void> {
  await db
    .update(providerBindings)
    .set({ ...change, updatedAt: now })
    .where(eq(providerBindings.bindingId, bindingId));
}

/** SubsIds of the provider's live bindings on this host and extension that no other line of ours owns. */
async function findAtProvider(db: Db, client: DyplsClient, row: Row, phoneNoA: string | null): Promise<string[]> {
  const ids = await client.querySubsIds(row.host);
  const found: string[] = [];
  for (const subsId of ids) {
    const detail = await client.querySubscriptionDetail({ subsId, phoneNoX: row.host });
    if (detail?.status !== 1 || detail.extension !== row.extension) continue;
    if (phoneNoA && detail.phoneNoA !== phoneNoA) continue;
    const [owner] = await db
      .select({ id: providerBindings.bindingId })
      .from(providerBindings)
      .where(eq(providerBindings.subsId, subsId));
    if (owner && owner.id !== row.bindingId) continue;
    found.push(subsId);
  }
  return found;
}

function retryLater(now: Date, failures = 1): { retryAt: Date } {
  return { retryAt: new Date(now.getTime() + providerRetryDelayMs(failures)) };
}

/** Brings the provider in line with the line, once. */
async function sync(db: Db, client: DyplsClient, row: Row, now: Date): Promise<void> {
  const line = await readLine(db, row.bindingId);
  const want = wantedExpiration(line, now);

  if (!want) {
    if (row.state === "unbound") return; // a stale command: already done
    const subsIds = row.subsId ? [row.subsId] : row.bindSentAt ? await findAtProvider(db, client, row, null) : [];
    for (const subsId of subsIds) await client.unbind({ subsId, secretNo: row.host });
    await save(db, row.bindingId, { state: "unbound", lastError: null }, now);
    return;
  }

  if (row.state === "bound" && row.subsId) {
    if (line && expirationStale(row.expiration, line, want, now)) {
      await client.updateExpiration({ subsId: row.subsId, phoneNoX: row.host, expiration: want });
      await save(db, row.bindingId, { expiration: want, lastError: null }, now);
    }
    return;
  }

  // Bind. The real number is decrypted here, for this call only, and never logged.
  if (!line?.phone_ciphertext) throw new AlibabaError("no_real_number", false);
  const phoneNoA = decryptPhone(line.phone_ciphertext, line.buyer_id);
  if (row.bindSentAt) {
    // An earlier bind may have reached the provider though its answer never came back: adopt it.
    const [adopted, ...extra] = await findAtProvider(db, client, row, phoneNoA);
    for (const subsId of extra) await client.unbind({ subsId, secretNo: row.host });
    if (adopted) {
      await client.updateExpiration({ subsId: adopted, phoneNoX: row.host, expiration: want });
      await save(db, row.bindingId, { state: "bound", subsId: adopted, expiration: want, lastError: null }, now);
      return;
    }
  }
  await save(db, row.bindingId, { bindSentAt: now }, now);
  const bound = await client.bindAxnExtension({
    phoneNoA,
    phoneNoX: row.host,
    extension: row.extension,
    expiration: want,
    outId: row.bindingId,
  });
  await save(db, row.bindingId, { state: "bound", subsId: bound.subsId, expiration: want, lastError: null }, now);
  // The line may have ended while the bind was on its way: unbind at once rather than at the next command.
  const after = await readLine(db, row.bindingId);
  if (!wantedExpiration(after, new Date())) {
    await client.unbind({ subsId: bound.subsId, secretNo: row.host });
    await save(db, row.bindingId, { state: "unbound" }, new Date());
  }
}

export function createProviderCommandHandler(client: () => DyplsClient = dyplsClient): JobHandler {
  return {
    async handle(job: Job, { db, now }) {
      const bindingId = String(job.payload.bindingId ?? "");
      if (!/^[0-9a-f-]{36}$/i.test(bindingId)) throw new AlibabaError("bad_payload", false);
      const lease = await takeLease(db, bindingId, now);
      if (lease === null) return; // never bound here (the relay provider, or a line bound before the switch)
      if (lease === "busy") return retryLater(now);
      try {
        // The job's `now`: what the line is at the instant the worker runs it (a test may run it ahead).
        await sync(db, client(), lease, now);
        await save(db, bindingId, { leaseUntil: null, failures: 0 }, new Date());
      } catch (error) {
        const failure = error instanceof AlibabaError ? error : new AlibabaError("internal", true);
        const failures = lease.failures + 1;
        await save(db, bindingId, { leaseUntil: null, lastError: failure.code, failures }, new Date());
        // Frozen must mean frozen: a transient failure is sent again within seconds, without end.
        if (failure.retryable) return retryLater(new Date(), failures);
        await save(db, bindingId, { state: lease.state === "bound" ? "bound" : "failed" }, new Date());
        throw failure;
      }
    },
    retryable: (error) => !(error instanceof AlibabaError) || error.retryable,
  };
}

export const providerCommandHandler = createProviderCommandHandler();
