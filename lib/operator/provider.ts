import "server-only";
import { sql } from "drizzle-orm";
import { isAlibaba } from "@/lib/alibaba/config";
import { PROVIDER_COMMAND, PROVIDER_RECONCILE } from "@/lib/alibaba/kinds";
import { type Db, resultRows } from "@/lib/db/client";
import { jobStats } from "@/lib/jobs/worker";

export type ProviderHealth = {
  provider: "relay" | "alibaba";
  /** Commands not yet done, the oldest one's age, and those that failed for good. */
  pending: number;
  oldestPendingMs: number | null;
  failedCommands: number;
  /** Lines at the provider: waiting for their bind, bound, and those whose last send failed (retrying). */
  connecting: number;
  bound: number;
  retrying: number;
  failedLines: number;
  /** The most frequent last failure codes among lines still retrying (codes only: nothing of a request). */
  errors: Array<{ code: string; lines: number }>;
};

/** The console's view of the provider outbox (lib/alibaba/outbox.ts). */
export async function getProviderHealth(db: Db, { now }: { now: Date }): Promise<ProviderHealth> {
  const stats = (await jobStats(db, now)).filter((s) => s.kind === PROVIDER_COMMAND || s.kind === PROVIDER_RECONCILE);
  const command = stats.find((s) => s.kind === PROVIDER_COMMAND);
  const [counts] = resultRows<{ connecting: number; bound: number; retrying: number; failed: number }>(
    await db.execute(sql`
      select (count(*) filter (where state = 'connecting'))::int as connecting,
             (count(*) filter (where state = 'bound'))::int as bound,
             (count(*) filter (where failures > 0))::int as retrying,
             (count(*) filter (where state = 'failed'))::int as failed
      from provider_bindings`),
  );
  const errors = resultRows<{ code: string; lines: number }>(
    await db.execute(sql`
      select last_error as code, count(*)::int as lines from provider_bindings
      where failures > 0 and last_error is not null group by last_error order by lines desc, code limit 5`),
  );
  return {
    provider: isAlibaba() ? "alibaba" : "relay",
    pending: command?.pending ?? 0,
    oldestPendingMs: command?.oldestPendingMs ?? null,
    failedCommands: stats.reduce((n, s) => n + s.failed, 0),
    connecting: Number(counts?.connecting ?? 0),
    bound: Number(counts?.bound ?? 0),
    retrying: Number(counts?.retrying ?? 0),
    failedLines: Number(counts?.failed ?? 0),
    errors: errors.map((e) => ({ code: e.code, lines: Number(e.lines) })),
  };
}
