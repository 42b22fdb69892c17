import type { Db } from "@/lib/db/client";

export type Job = { id: string; kind: string; payload: Record<string, unknown>; attempts: number; runAt: Date };

export type JobHandler = {
  /** Resolves when done; `{ retryAt }` postpones the job without counting an attempt (quiet hours). */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that finished returns nothing
  handle(job: Job, ctx: { db: Db; now: Date }): Promise<void | { retryAt: Date }>;
  /** Claims before the job is failed for good; 8 by default. */
  maxAttempts?: number;
  /** False: failed at once, not retried. Every error is retryable by default. */
  retryable?(error: unknown): boolean;
};

export type RunResult = { done: number; retried: number; failed: number; postponed: number };
