/**
 * The job queue: a job exists exactly when its transaction committed, runs once per claim, retries
 * with backoff, fails for good after its attempts, and two workers never run one job twice.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";
import { drivers, serverDb } from "@/lib/testing/db";
import { enqueue } from "./queue";
import type { Job, JobHandler } from "./types";
import { jobStats, LEASE_MS, pruneFinishedJobs, retryDelayMs, runDueJobs, startWorker, wakeWorker } from "./worker";

const T0 = new Date("2026-05-01T02:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

function recorder(fail?: (job: Job) => unknown): { seen: Job[]; handler: JobHandler } {
  const seen: Job[] = [];
  return {
    seen,
    handler: {
      async handle(job) {
        seen.push(job);
        const error = fail?.(job);
        if (error) throw error;
      },
    },
  };
}

const rowOf = async (handle: DbHandle, kind: string) => {
  const [row] = await handle.db.select().from(jobs).where(eq(jobs.kind, kind));
  return row;
};

for (const driver of drivers()) {
  describe(`job queue (${driver.name})`, () => {
    let handle: DbHandle;
    beforeAll(async () => {
      handle = await driver.open();
    });
    afterAll(async () => handle?.close());

    it("writes a job only when its transaction commits", async () => {
      await handle.db
        .transaction(async (tx) => {
          await enqueue(tx, { kind: "t.rollback", payload: { n: 1 } }, T0);
          throw new Error("rolled back");
        })
        .catch(() => {});
      expect(await rowOf(handle, "t.rollback")).toBeUndefined();
      await handle.db.transaction((tx) => enqueue(tx, { kind: "t.commit", payload: { n: 2 } }, T0));
      expect(await rowOf(handle, "t.commit")).toMatchObject({ state: "pending", attempts: 0, payload: { n: 2 } });
    });

    it("runs a due job once, leaves a later one, and marks it done", async () => {
      const { seen, handler } = recorder();
      await enqueue(handle.db, { kind: "t.due", payload: { which: "now" } }, T0);
      await enqueue(handle.db, { kind: "t.due", payload: { which: "later" }, runAt: at(60_000) }, T0);
      expect(await runDueJobs(handle.db, { now: T0, handlers: { "t.due": handler } })).toEqual({
        done: 1,
        retried: 0,
        failed: 0,
        postponed: 0,
      });
      expect(seen.map((job) => job.payload.which)).toEqual(["now"]);
      await runDueJobs(handle.db, { now: at(1000), handlers: { "t.due": handler } });
      expect(seen).toHaveLength(1);
      await runDueJobs(handle.db, { now: at(60_000), handlers: { "t.due": handler } });
      expect(seen.map((job) => job.payload.which)).toEqual(["now", "later"]);
      const states = await handle.db.select({ state: jobs.state }).from(jobs).where(eq(jobs.kind, "t.due"));
      expect(states.map((row) => row.state)).toEqual(["done", "done"]);
    });

    it("claims only the kinds it has handlers for", async () => {
      await enqueue(handle.db, { kind: "t.other", payload: {} }, T0);
      const { seen, handler } = recorder();
      await runDueJobs(handle.db, { now: T0, handlers: { "t.mine": handler } });
      expect(seen).toHaveLength(0);
      expect(await rowOf(handle, "t.other")).toMatchObject({ state: "pending", attempts: 0 });
    });

    it("dedupes by key while pending, and takes the key again once the job is done", async () => {
      expect(await enqueue(handle.db, { kind: "t.key", key: "line-1", payload: { v: 1 } }, T0)).toBe(true);
      expect(await enqueue(handle.db, { kind: "t.key", key: "line-1", payload: { v: 2 } }, T0)).toBe(false);
      expect(await enqueue(handle.db, { kind: "t.key", key: "line-2", payload: { v: 3 } }, T0)).toBe(true);
      const { seen, handler } = recorder();
      await runDueJobs(handle.db, { now: T0, handlers: { "t.key": handler } });
      expect(seen.map((job) => job.payload.v).sort()).toEqual([1, 3]);
      expect(await enqueue(handle.db, { kind: "t.key", key: "line-1", payload: { v: 4 } }, T0)).toBe(true);
    });

    it("retries a failure with growing delays, masks digits in the error, and fails for good after its attempts", async () => {
      await enqueue(handle.db, { kind: "t.flaky", payload: {} }, T0);
      const { seen, handler } = recorder(() => new Error("push to 13812345678 refused"));
      const flaky = { ...handler, maxAttempts: 3 };
      expect(await runDueJobs(handle.db, { now: T0, handlers: { "t.flaky": flaky } })).toMatchObject({ retried: 1 });
      let row = await rowOf(handle, "t.flaky");
      expect(row).toMatchObject({ state: "pending", attempts: 1, lockedUntil: null });
      expect(row?.runAt.getTime()).toBe(T0.getTime() + retryDelayMs(1));
      expect(row?.lastError).toBe("Error: push to … refused");
      // Not due again before its delay.
      await runDueJobs(handle.db, { now: at(retryDelayMs(1) - 1), handlers: { "t.flaky": flaky } });
      expect(seen).toHaveLength(1);
      await runDueJobs(handle.db, { now: at(retryDelayMs(1)), handlers: { "t.flaky": flaky } });
      row = await rowOf(handle, "t.flaky");
      expect(row?.runAt.getTime()).toBe(T0.getTime() + retryDelayMs(1) + retryDelayMs(2));
      expect(
        await runDueJobs(handle.db, { now: at(retryDelayMs(1) + retryDelayMs(2)), handlers: { "t.flaky": flaky } }),
      ).toMatchObject({ failed: 1 });
      expect(await rowOf(handle, "t.flaky")).toMatchObject({ state: "failed", attempts: 3 });
      expect(seen).toHaveLength(3);
      expect(retryDelayMs(1)).toBe(1000);
      expect(retryDelayMs(3)).toBe(4000);
      expect(retryDelayMs(30)).toBe(5 * 60_000);
    });

    it("fails at once on an error its handler calls permanent", async () => {
      await enqueue(handle.db, { kind: "t.permanent", payload: {} }, T0);
      const { handler } = recorder(() => new Error("gone"));
      const permanent = { ...handler, retryable: () => false };
      expect(await runDueJobs(handle.db, { now: T0, handlers: { "t.permanent": permanent } })).toMatchObject({
        failed: 1,
      });
      expect(await rowOf(handle, "t.permanent")).toMatchObject({ state: "failed", attempts: 1 });
    });

    it("postpones without spending an attempt", async () => {
      await enqueue(handle.db, { kind: "t.quiet", payload: {} }, T0);
      const morning = at(6 * 3600_000);
      const quiet: JobHandler = { handle: async () => ({ retryAt: morning }) };
      expect(await runDueJobs(handle.db, { now: T0, handlers: { "t.quiet": quiet } })).toMatchObject({ postponed: 1 });
      expect(await rowOf(handle, "t.quiet")).toMatchObject({ state: "pending", attempts: 0, runAt: morning });
    });

    it("gives a job held by a worker that died back after its lease", async () => {
      await enqueue(handle.db, { kind: "t.lease", payload: {} }, T0);
      await handle.db.execute(
        sql`update jobs set locked_until = ${at(LEASE_MS).toISOString()}::timestamptz, attempts = 1 where kind = 't.lease'`,
      );
      const { seen, handler } = recorder();
      await runDueJobs(handle.db, { now: at(LEASE_MS - 1), handlers: { "t.lease": handler } });
      expect(seen).toHaveLength(0);
      await runDueJobs(handle.db, { now: at(LEASE_MS), handlers: { "t.lease": handler } });
      expect(seen).toHaveLength(1);
      expect(await rowOf(handle, "t.lease")).toMatchObject({ state: "done", attempts: 2 });
    });

    it("reports pending, oldest age and failures per kind, and prunes finished jobs", async () => {
      const stats = await jobStats(handle.db, at(10_000));
      expect(stats.find((row) => row.kind === "t.flaky")).toMatchObject({
        pending: 0,
        failed: 1,
        oldestPendingMs: null,
      });
      expect(stats.find((row) => row.kind === "t.other")).toMatchObject({
        pending: 1,
        failed: 0,
        oldestPendingMs: 10_000,
      });
      expect(stats.find((row) => row.kind === "t.due")).toBeUndefined();
      const pruned = await pruneFinishedJobs(handle.db, at(3600_000));
      expect(pruned).toBeGreaterThan(0);
      expect(await rowOf(handle, "t.due")).toBeUndefined();
      expect(await rowOf(handle, "t.other")).toMatchObject({ state: "pending" });
    });

    it("runs a job at once when woken, and stops cleanly", async () => {
      const { seen, handler } = recorder();
      const worker = startWorker(handle.db, { intervalMs: 60_000, handlers: { "t.wake": handler } });
      try {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await enqueue(handle.db, { kind: "t.wake", payload: {} });
        wakeWorker();
        await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1);
      } finally {
        await worker.stop();
      }
    });
  });
}

describe("job queue, two workers on a real server", () => {
  let a: DbHandle;
  let b: DbHandle & { url: string };
  beforeAll(async () => {
    b = await serverDb({ max: 4, prefix: "onp_jobs" });
    const { openDb } = await import("@/lib/db/client");
    a = await openDb({ url: b.url, max: 4 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("runs each of 300 jobs exactly once with two workers claiming at the same time", async () => {
    await b.db.transaction(async (tx) => {
      for (let n = 0; n < 300; n++) await enqueue(tx, { kind: "t.race", payload: { n } }, T0);
    });
    const runs = new Map<number, number>();
    const handler: JobHandler = {
      async handle(job) {
        const n = job.payload.n as number;
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      },
    };
    const drain = async (db: DbHandle["db"]) => {
      for (;;) {
        const result = await runDueJobs(db, { now: T0, limit: 7, handlers: { "t.race": handler } });
        if (result.done === 0) return;
      }
    };
    await Promise.all([drain(a.db), drain(b.db), drain(a.db), drain(b.db)]);
    expect(runs.size).toBe(300);
    expect([...runs.values()].filter((count) => count !== 1)).toEqual([]);
    const [left] = await b.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(eq(jobs.state, "pending"));
    expect(Number(left?.n)).toBe(0);
  });
});
