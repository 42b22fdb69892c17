import type { Executor } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";

export type NewJob = {
  kind: string;
  payload: Record<string, unknown>;
  /** When it is due; now by default. */
  runAt?: Date;
  /** Dedupes per kind: a second job with a key still pending (or running) is not added. */
  key?: string;
};

/**
 * Adds a job in the caller's transaction, so it exists exactly when the change that causes it
 * committed. Returns whether a row was written (false: a pending job with that key already exists).
 */
export async function enqueue(tx: Executor, job: NewJob, now: Date = new Date()): Promise<boolean> {
  const written = await tx
    .insert(jobs)
    .values({ kind: job.kind, key: job.key ?? null, payload: job.payload, runAt: job.runAt ?? now, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return written.length > 0;
}

export const wake = globalThis as unknown as { __onpWakeWorker?: () => void };

/** Nudges this process's worker after a commit that enqueued something, so it runs now, not at the next poll. */
export function wakeWorker(): void {
  wake.__onpWakeWorker?.();
}
