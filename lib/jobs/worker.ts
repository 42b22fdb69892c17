import { and, eq, inArray, lt, min, sql } from "drizzle-orm";
import { type Db, resultRows } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";
import { JOB_HANDLERS } from "./handlers";
import { wake } from "./queue";
import type { Job, JobHandler, RunResult } from "./types";

export { wakeWorker } from "./queue";
export type { Job, JobHandler, RunResult } from "./types";

/** How long a claim holds a job: a worker that died mid-job gives it up after this. */
export const LEASE_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 8;

/** 1 s, 2 s, 4 s … after the n-th failed attempt, at most 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);
}

/** What a failure leaves on its row: class and message, shortened, with every run of digits masked. */
export function describeFailure(error: unknown): string {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return `${name}: ${message}`.replace(/\d{5,}/g, "…").slice(0, 300);
}

type Claimed = { id: string; kind: string; payload: Record<string, unknown>; attempts: number; run_at: Date | string };

/**
 * Claims up to `limit` due jobs of the kinds handled here and runs each once. The claim commits on
 * its own (a lease, `FOR UPDATE SKIP LOCKED`), so no transaction stays open while a handler talks
 * to the network, and two workers never hold one job at once.
 */
export async function runDueJobs(
  db: Db,
  {
    now = new Date(),
    limit = 20,
    handlers,
  }: { now?: Date; limit?: number; handlers?: Record<string, JobHandler> } = {},
): Promise<RunResult> {
  const table = handlers ?? JOB_HANDLERS;
  const result: RunResult = { done: 0, retried: 0, failed: 0, postponed: 0 };
  const kinds = Object.keys(table);
  if (kinds.length === 0) return result;
  const leaseEnd = new Date(now.getTime() + LEASE_MS);
  const claimed = resultRows<Claimed>(
    await db.execute(sql`
      update jobs set locked_until = ${leaseEnd.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (
        select id from jobs
        where state = 'pending' and run_at <= ${now.toISOString()}::timestamptz
          and (locked_until is null or locked_until <= ${now.toISOString()}::timestamptz)
          and kind in (${sql.join(
            kinds.map((kind) => sql`${kind}`),
            sql`, `,
          )})
        order by run_at
        limit ${limit}
        for update skip locked
      )
      returning id, kind, payload, attempts, run_at`),
  );
  for (const row of claimed) {
    const handler = table[row.kind];
    if (!handler) continue;
    const job: Job = {
      id: row.id,
      kind: row.kind,
      payload: row.payload,
      attempts: row.attempts,
      runAt: new Date(row.run_at),
    };
    try {
      const outcome = await handler.handle(job, { db, now });
      if (outcome && "retryAt" in outcome) {
        await db
          .update(jobs)
          .set({ runAt: outcome.retryAt, lockedUntil: null, attempts: sql`${jobs.attempts} - 1` })
          .where(eq(jobs.id, job.id));
        result.postponed++;
      } else {
        await db
          .update(jobs)
          .set({ state: "done", lockedUntil: null, finishedAt: now, lastError: null })
          .where(eq(jobs.id, job.id));
        result.done++;
      }
    } catch (error) {
      const lastError = describeFailure(error);
      const retry =
        (handler.retryable?.(error) ?? true) && job.attempts < (handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      if (retry) {
        await db
          .update(jobs)
          .set({ runAt: new Date(now.getTime() + retryDelayMs(job.attempts)), lockedUntil: null, lastError })
          .where(eq(jobs.id, job.id));
        result.retried++;
      } else {
        await db
          .update(jobs)
          .set({ state: "failed", lockedUntil: null, finishedAt: now, lastError })
          .where(eq(jobs.id, job.id));
        result.failed++;
        console.warn(`[jobs] ${job.kind} ${job.id} failed for good after ${job.attempts} attempt(s): ${lastError}`);
      }
    }
  }
  return result;
}

export type JobStat = { kind: string; pending: number; oldestPendingMs: number | null; failed: number };

/** Per kind: pending jobs, the oldest pending one's age, and jobs failed for good (for the console). */
export async function jobStats(db: Db, now: Date = new Date()): Promise<JobStat[]> {
  const rows = await db
    .select({
      kind: jobs.kind,
      pending: sql<number>`count(*) filter (where ${jobs.state} = 'pending')::int`,
      failed: sql<number>`count(*) filter (where ${jobs.state} = 'failed')::int`,
      oldest: min(sql`case when ${jobs.state} = 'pending' then ${jobs.createdAt} end`),
    })
    .from(jobs)
    .where(inArray(jobs.state, ["pending", "failed"]))
    .groupBy(jobs.kind)
    .orderBy(jobs.kind);
  return rows.map((row) => ({
    kind: row.kind,
    pending: Number(row.pending),
    failed: Number(row.failed),
    oldestPendingMs: row.oldest ? Math.max(0, now.getTime() - new Date(row.oldest as string).getTime()) : null,
  }));
}

/** Drops jobs that finished well before `before` (done or failed): the queue is not an archive. */
export async function pruneFinishedJobs(db: Db, before: Date): Promise<number> {
  const gone = await db
    .delete(jobs)
    .where(and(inArray(jobs.state, ["done", "failed"]), lt(jobs.finishedAt, before)))
    .returning({ id: jobs.id });
  return gone.length;
}

const FINISHED_KEPT_MS = 7 * 24 * 3600_000;
/**
 * Polls for due jobs every `intervalMs` (and at once after `wakeWorker()`), until stopped. A failing
 * database is logged once per outage and tried again at the next tick; nothing escapes as a rejection.
 */
export function startWorker(
  db: Db,
  { intervalMs = 1000, handlers }: { intervalMs?: number; handlers?: Record<string, JobHandler> } = {},
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let failing = false;
  let lastPrune = 0;

  const tick = async () => {
    try {
      const now = new Date();
      if (now.getTime() - lastPrune > 3600_000) {
        lastPrune = now.getTime();
        await pruneFinishedJobs(db, new Date(now.getTime() - FINISHED_KEPT_MS));
      }
      let result: RunResult;
      do {
        again = false;
        result = await runDueJobs(db, { now: new Date(), handlers });
      } while (!stopped && (again || result.done + result.retried + result.failed + result.postponed >= 20));
      if (failing) console.info("[jobs] the worker reaches the database again");
      failing = false;
    } catch (error) {
      if (!failing) console.warn(`[jobs] the worker could not run: ${describeFailure(error)}`);
      failing = true;
    }
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(run, delay);
    timer.unref?.();
  };
  const run = () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = tick().finally(() => {
      running = null;
      schedule(intervalMs);
    });
  };
  wake.__onpWakeWorker = () => {
    if (running) again = true;
    else {
      if (timer) clearTimeout(timer);
      schedule(0);
    }
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (wake.__onpWakeWorker) wake.__onpWakeWorker = undefined;
      await running;
    },
  };
}
