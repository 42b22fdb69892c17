import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Db, type DbHandle, openDb } from "@/lib/db/client";
import { orders } from "@/lib/db/schema";
import { DAY_MS } from "@/lib/settings";
import { serverDb } from "@/lib/testing/db";
import { addPool, makeBuyer, resetDb, rows, seedMerchants } from "@/lib/testing/protection";
import { allocateLine } from "./allocate";
import { moveCompletionBack, placeOrder, protectOrder, type Transition, transitionOrder } from "./orders";
import { coolUntilAfter, endsAtAfterCompletion } from "./rules";
import { turnProtectionOn } from "./setting";

/**
 * Allocation against a real server, many connections at once: the pool never hands a slot out twice,
 * nothing is half-written when a backend dies mid-allocation, and allocations never deadlock.
 */

const NOW = new Date("2025-06-01T00:00:00.000Z");
const ago = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
const REQUESTS = 64;
const POOL_SIZE = 60;
const FREE = 40;
const BOUND = 10;
const COOLING = 10;
const KILLS_PER_GATE = 5;
/** What a backend killed by pg_terminate_backend looks like from the client, whichever arrives first. */
const KILLED = ["57P01", "CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED"];

type Request = { via: "place"; buyerId: string } | { via: "allocate"; buyerId: string; orderId: string };
type Outcome =
  | { kind: "won"; orderId: string }
  | { kind: "exhausted"; orderId: string }
  | { kind: "failed"; codes: string[]; message: string };

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`gave up waiting until ${what}`);
}

function pickRandom<T>(items: T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

describe("slot allocation under concurrency, on a real PostgreSQL server", () => {
  /** Setup and checks; every test races on its own client of REQUESTS connections. */
  let handle: DbHandle & { url: string };
  let db: Db;
  /** Separate connections for what the allocations must not share: gates, pg_stat_activity, kills. */
  let admin: postgres.Sql;
  let dbName: string;
  let merchantId: number;
  let requests: Request[];
  let setupOrders: number;

  beforeAll(async () => {
    handle = await serverDb({ max: 4 });
    db = handle.db;
    dbName = new URL(handle.url).pathname.slice(1);
    admin = postgres(handle.url, { max: 5, onnotice: () => {} });
    await installGates();
  });
  afterAll(async () => {
    await admin?.end({ timeout: 5 });
    await handle?.close();
  });

  const place = (buyerId: string, now: Date, on: Db = db) =>
    placeOrder(on, {
      buyerId,
      merchantId,
      item: "Ceramic tea cups (pair)",
      amountCents: 5_600,
      recipientName: "Zhao Min",
      address: "12 Nanjing Road, Shanghai",
      now,
    });

  async function lifecycle(buyerId: string, orderId: string, steps: [Transition, Date][]) {
    for (const [transition, now] of steps) {
      expect(await transitionOrder(db, { buyerId, orderId, transition, now })).toEqual({ ok: true });
    }
  }

  async function withRacers<T>(fn: (racers: Db) => Promise<T>): Promise<T> {
    const racers = await openDb({ url: handle.url, max: REQUESTS });
    try {
      return await fn(racers.db);
    } finally {
      await racers.close();
    }
  }

  async function run(racers: Db, request: Request): Promise<Outcome> {
    try {
      if (request.via === "place") {
        const placed = await place(request.buyerId, NOW, racers);
        return { kind: placed.protection === "protected" ? "won" : "exhausted", orderId: placed.orderId };
      }
      const result = await allocateLine(racers, { buyerId: request.buyerId, orderId: request.orderId, now: NOW });
      if (result.ok) return { kind: "won", orderId: request.orderId };
      if (result.reason === "pool_exhausted") return { kind: "exhausted", orderId: request.orderId };
      throw new Error(`unexpected refusal: ${result.reason}`);
    } catch (error) {
      return { kind: "failed", codes: errorCodes(error), message: String(error) };
    }
  }

  /** Every slot in exactly one state at NOW, and what does not fit any. */
  async function census() {
    const slots = rows<{ id: number; available_at: Date | string | null; live: number; holders: number }>(
      await db.execute(sql`
        select s.id, s.available_at,
          (select count(*) from bindings b where b.slot_id = s.id and b.ended_at is null
             and (b.ends_at is null or b.ends_at > ${NOW.toISOString()}::timestamptz))::int as live,
          (select count(*) from bindings b where b.slot_id = s.id and b.holds_slot)::int as holders
        from slots s order by s.id`),
    );
    const counts = { free: 0, bound: 0, cooling: 0, total: slots.length, unaccounted: [] as unknown[] };
    for (const slot of slots) {
      const available = slot.available_at === null ? null : new Date(slot.available_at).getTime();
      if (slot.live === 1 && slot.holders === 1 && (available === null || available > NOW.getTime())) {
        counts.bound += 1;
      } else if (slot.live === 0 && available !== null && available > NOW.getTime()) {
        counts.cooling += 1;
      } else if (slot.live === 0 && available !== null && available <= NOW.getTime()) {
        counts.free += 1;
      } else {
        counts.unaccounted.push(slot);
      }
    }
    return counts;
  }

  /** The invariants that must hold after any race, killed backends or not. */
  async function expectConsistentPool(poolSize = POOL_SIZE) {
    const doubleHeld = rows(
      await db.execute(sql`select slot_id, count(*)::int as n from bindings
        where ended_at is null and (ends_at is null or ends_at > ${NOW.toISOString()}::timestamptz)
        group by slot_id having count(*) > 1`),
    );
    expect(doubleHeld).toEqual([]);
    // Successive lines of one slot never overlap: each starts after the previous one has cooled down.
    const overlapping = rows(
      await db.execute(sql`select slot_id, bound_at, previous_cool_until from (
          select slot_id, bound_at,
            lag(cool_until) over (partition by slot_id order by bound_at) as previous_cool_until,
            lag(id) over (partition by slot_id order by bound_at) as previous_id
          from bindings) t
        where previous_id is not null and (previous_cool_until is null or previous_cool_until > bound_at)`),
    );
    expect(overlapping).toEqual([]);
    const heldByOld = rows(
      await db.execute(sql`select slot_id from bindings b where holds_slot and exists (
          select 1 from bindings later where later.slot_id = b.slot_id and later.bound_at > b.bound_at)`),
    );
    expect(heldByOld).toEqual([]);
    const census_ = await census();
    expect(census_.unaccounted).toEqual([]);
    expect(census_.free + census_.bound + census_.cooling).toBe(poolSize);
    expect(census_.total).toBe(poolSize);

    // No orphans: a line's order says protected, a protected order has exactly one line not ended,
    // a slot marked taken has exactly one holder, and that holder's line has no end yet.
    const unprotectedLines = rows(
      await db.execute(sql`select b.id from bindings b join orders o on o.id = b.order_id
        where o.protection <> 'protected'`),
    );
    expect(unprotectedLines).toEqual([]);
    const protectedWithout = rows(
      await db.execute(sql`select o.id, (select count(*) from bindings b
          where b.order_id = o.id and b.ended_at is null)::int as open_lines
        from orders o where o.protection = 'protected'`),
    ).filter((row) => (row as { open_lines: number }).open_lines !== 1);
    expect(protectedWithout).toEqual([]);
    const takenSlots = rows(
      await db.execute(sql`select s.id,
          (select count(*) from bindings b where b.slot_id = s.id and b.holds_slot)::int as holders,
          (select count(*) from bindings b where b.slot_id = s.id and b.holds_slot and b.ends_at is null
             and b.ended_at is null)::int as open_holders
        from slots s where s.available_at is null`),
    ).filter((row) => {
      const slot = row as { holders: number; open_holders: number };
      return slot.holders !== 1 || slot.open_holders !== 1;
    });
    expect(takenSlots).toEqual([]);
    return census_;
  }

  async function expectOutcomesInDatabase(outcomes: Outcome[]) {
    const won = outcomes.filter((o) => o.kind === "won") as { orderId: string }[];
    const lost = outcomes.filter((o) => o.kind === "exhausted") as { orderId: string }[];
    const lines = rows<{ order_id: string; slot_id: number }>(
      await db.execute(sql`select order_id, slot_id from bindings where bound_at = ${NOW.toISOString()}::timestamptz`),
    );
    expect(lines.map((line) => line.order_id).sort()).toEqual(won.map((o) => o.orderId).sort());
    expect(new Set(lines.map((line) => line.slot_id)).size).toBe(won.length);
    for (const { orderId } of lost) {
      const [order] = await db.select({ protection: orders.protection }).from(orders).where(eq(orders.id, orderId));
      expect(order.protection).toBe("pending");
    }
  }

  /**
   * Gates inside a statement: a BEFORE INSERT OR UPDATE trigger on each gated table takes a shared
   * advisory lock, which is free unless a test holds it. An allocation is one statement (pick, release,
   * bind, mark the slot taken), so a table lock could only stop it before it starts; these triggers stop
   * it half-way, holding the slot it picked: at `bindings` before it lets go of the old holder or writes
   * the new line, at `slots` after the line is written and before the slot is marked taken.
   */
  const GATES = { bindings: 1, slots: 2, activity_events: 3 } as const;
  type Gated = keyof typeof GATES;

  async function installGates() {
    await admin.unsafe(`
      create or replace function race_gate() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock_shared(tg_argv[0]::bigint);
        return new;
      end $$`);
    for (const [table, key] of Object.entries(GATES)) {
      await admin.unsafe(`drop trigger if exists race_gate on ${table}`);
      await admin.unsafe(
        `create trigger race_gate before insert or update on ${table} for each row execute function race_gate('${key}')`,
      );
    }
  }

  /** Backends of the test database waiting at the gate of `table`. */
  async function parked(table: Gated): Promise<number[]> {
    const found = await admin<{ pid: number }[]>`
      select distinct l.pid from pg_locks l join pg_database d on d.oid = l.database
      where d.datname = ${dbName} and l.locktype = 'advisory' and not l.granted and l.objid = ${GATES[table]}`;
    return found.map((row) => row.pid);
  }

  /** Closes the gate of `table` until `open`; resolves once it is closed. */
  async function gate(table: Gated) {
    const key = GATES[table];
    const holder = await admin.reserve();
    await holder`select pg_advisory_lock(${key})`;
    let closed = true;
    return {
      open: async () => {
        if (!closed) return;
        closed = false;
        await holder`select pg_advisory_unlock(${key})`;
        holder.release();
      },
    };
  }

  describe(`${REQUESTS} allocations against ${FREE} free slots of ${POOL_SIZE}`, () => {
    /**
     * 60 slots on two hosts: 10 bound to open orders, 10 cooling after their line expired, 40 free of
     * which at least 10 were held before (so allocation also has to release an old holder).
     * Four buyers have protection on and place orders; four have it off and own 8 open orders each.
     */
    beforeEach(async () => {
      await resetDb(db);
      merchantId = await seedMerchants(db);
      await addPool(db, { host: "17100000001", size: POOL_SIZE / 2 });
      const on: string[] = [];
      const off: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const buyer = await makeBuyer(db, { list: "allow" });
        await turnProtectionOn(db, { buyerId: buyer.id, now: ago(200) });
        on.push(buyer.id);
        off.push((await makeBuyer(db, { list: "allow" })).id);
      }
      const placeProtected = async (i: number, at: Date) => {
        const order = await place(on[i % on.length], at);
        expect(order.protection).toBe("protected");
        return { buyerId: on[i % on.length], orderId: order.orderId };
      };
      // Long done: every slot of the first host was used once and has cooled down since.
      for (let i = 0; i < POOL_SIZE / 2; i += 1) {
        const { buyerId, orderId } = await placeProtected(i, ago(100));
        await lifecycle(buyerId, orderId, [
          ["ship", ago(99)],
          ["deliver", ago(95)],
          ["complete", ago(90)],
        ]);
      }
      await addPool(db, { host: "17100000002", size: POOL_SIZE / 2 });
      // Expired 5 days ago, cooling for 25 more.
      for (let i = 0; i < COOLING; i += 1) {
        const { buyerId, orderId } = await placeProtected(i, ago(30));
        await lifecycle(buyerId, orderId, [
          ["ship", ago(29)],
          ["deliver", ago(25)],
          ["complete", ago(20)],
        ]);
      }
      for (let i = 0; i < BOUND; i += 1) await placeProtected(i, ago(1));

      requests = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const who = Math.floor(i / 2) % 4;
        if (i % 2 === 0) {
          requests.push({ via: "place", buyerId: on[who] });
        } else {
          const buyerId = off[who];
          const order = await place(buyerId, ago(2));
          expect(order.protection).toBe("real_number");
          requests.push({ via: "allocate", buyerId, orderId: order.orderId });
        }
      }
      setupOrders = (await db.select({ id: orders.id }).from(orders)).length;

      expect(await census()).toMatchObject({ free: FREE, bound: BOUND, cooling: COOLING, unaccounted: [] });
    });

    it("hands out exactly the free slots to 64 concurrent allocations, each slot once", async () => {
      const outcomes = await withRacers((racers) => Promise.all(requests.map((request) => run(racers, request))));
      // Nothing failed: in particular no deadlock (40P01) and no uniqueness violation.
      expect(outcomes.filter((o) => o.kind === "failed")).toEqual([]);
      expect(outcomes.filter((o) => o.kind === "won")).toHaveLength(FREE);
      expect(outcomes.filter((o) => o.kind === "exhausted")).toHaveLength(REQUESTS - FREE);
      await expectOutcomesInDatabase(outcomes);
      expect(await expectConsistentPool()).toMatchObject({ free: 0, bound: BOUND + FREE, cooling: COOLING });
    });

    it("hands out every free slot even when all 64 allocations are in flight at the same moment", async () => {
      const outcomes = await withRacers(async (racers) => {
        const hold = await gate("bindings");
        let settled = 0;
        const pending = requests.map((request) =>
          run(racers, request).finally(() => {
            settled += 1;
          }),
        );
        try {
          // Each parked allocation holds exactly one slot; the others found every free slot taken.
          await waitUntil("every allocation is parked or done", async () => {
            return (await parked("bindings")).length + settled === REQUESTS;
          });
          expect(await parked("bindings")).toHaveLength(FREE);
        } finally {
          await hold.open();
        }
        return Promise.all(pending);
      });
      expect(outcomes.filter((o) => o.kind === "failed")).toEqual([]);
      expect(outcomes.filter((o) => o.kind === "won")).toHaveLength(FREE);
      await expectOutcomesInDatabase(outcomes);
      expect(await expectConsistentPool()).toMatchObject({ free: 0, bound: BOUND + FREE, cooling: COOLING });
    });

    it("stays consistent when random backends are killed in the middle of allocating", async () => {
      const killed: number[] = [];
      // With patches/postgres+3.4.9.patch the driver throws nothing outside its promises when a backend dies.
      const unexpected: unknown[] = [];
      const onUncaught = (error: unknown) => unexpected.push(error);
      process.on("uncaughtException", onUncaught);
      process.on("unhandledRejection", onUncaught);
      let outcomes: Outcome[];
      try {
        outcomes = await withRacers(async (racers) => {
          const first = await gate("bindings");
          const second = await gate("slots");
          let settled = 0;
          const pending = requests.map((request) =>
            run(racers, request).finally(() => {
              settled += 1;
            }),
          );
          const kill = async (pids: number[]) => {
            for (const pid of pids) {
              const [row] = await admin<{ ok: boolean }[]>`select pg_terminate_backend(${pid}) as ok`;
              expect(row.ok).toBe(true);
              killed.push(pid);
            }
          };
          try {
            // Parked before their first write to bindings: one slot locked (and, when placing, the order
            // inserted), nothing committed.
            await waitUntil("allocations parked before writing", async () => {
              return (await parked("bindings")).length + settled === REQUESTS;
            });
            expect(await parked("bindings")).toHaveLength(FREE);
            await kill(pickRandom(await parked("bindings"), KILLS_PER_GATE));
            await first.open();
            // Parked further on: old holder released and the new line inserted, the slot not yet marked taken.
            await waitUntil("allocations parked half-way through writing", async () => {
              return (await parked("slots")).length + settled === REQUESTS;
            });
            expect(await parked("slots")).toHaveLength(FREE - KILLS_PER_GATE);
            await kill(pickRandom(await parked("slots"), KILLS_PER_GATE));
          } finally {
            await first.open();
            await second.open();
          }
          return Promise.all(pending);
        });
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off("uncaughtException", onUncaught);
        process.off("unhandledRejection", onUncaught);
      }
      expect(unexpected).toEqual([]);

      const failed = outcomes.filter((o) => o.kind === "failed");
      expect(killed).toHaveLength(2 * KILLS_PER_GATE);
      expect(failed).toHaveLength(killed.length);
      for (const failure of failed) {
        expect(failure.codes).not.toContain("40P01");
        expect(
          failure.codes.some((code) => KILLED.includes(code)),
          failure.message,
        ).toBe(true);
      }
      const won = outcomes.filter((o) => o.kind === "won");
      expect(won).toHaveLength(FREE - killed.length);
      expect(outcomes.filter((o) => o.kind === "exhausted")).toHaveLength(REQUESTS - FREE);
      await expectOutcomesInDatabase(outcomes);
      expect(await expectConsistentPool()).toMatchObject({
        free: killed.length,
        bound: BOUND + won.length,
        cooling: COOLING,
      });

      // A killed allocation left nothing behind: a killed placeOrder left no order, a killed
      // allocateLine left its order on the real number, and retrying takes exactly the slots let go.
      const placedOrders = outcomes.filter((o, i) => o.kind !== "failed" && requests[i].via === "place").length;
      expect((await db.select({ id: orders.id }).from(orders)).length).toBe(setupOrders + placedOrders);
      const retry: { buyerId: string; orderId: string }[] = [];
      for (const [i, request] of requests.entries()) {
        const outcome = outcomes[i];
        if (outcome.kind === "exhausted") retry.push({ buyerId: request.buyerId, orderId: outcome.orderId });
        if (outcome.kind !== "failed" || request.via !== "allocate") continue;
        const [order] = await db
          .select({ protection: orders.protection })
          .from(orders)
          .where(eq(orders.id, request.orderId));
        expect(order.protection).toBe("real_number");
        retry.push(request);
      }
      let retried = 0;
      for (const { buyerId, orderId } of retry) {
        const result = await protectOrder(db, { buyerId, orderId, now: NOW });
        if (result.ok) retried += 1;
        else expect(result).toEqual({ ok: false, reason: "pool_exhausted" });
      }
      expect(retried).toBe(killed.length);
      expect(await expectConsistentPool()).toMatchObject({ free: 0, bound: BOUND + FREE, cooling: COOLING });
    });
  });

  describe("the tester's moveCompletionBack while an allocation takes the same slot", () => {
    /** One slot, held by a line that expired long ago (so the slot has cooled down), and an order that wants it. */
    async function expiredHolderAndNewcomer() {
      await resetDb(db);
      merchantId = await seedMerchants(db);
      const [slotId] = await addPool(db, { host: "17100000003", size: 1 });
      const old = await makeBuyer(db, { list: "allow" });
      await turnProtectionOn(db, { buyerId: old.id, now: ago(200) });
      const expired = await place(old.id, ago(100));
      await lifecycle(old.id, expired.orderId, [
        ["ship", ago(99)],
        ["deliver", ago(95)],
        ["complete", ago(90)],
      ]);
      const next = await makeBuyer(db, { list: "allow" });
      const waiting = await place(next.id, ago(1));
      expect(waiting.protection).toBe("real_number");
      return { slotId, old, expired, next, waiting };
    }
    const settle = <T>(promise: Promise<T>) =>
      promise.then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, codes: errorCodes(error), message: String(error) }),
      );
    const lockWaiters = async () => {
      const [row] = await admin<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
        where datname = ${dbName} and wait_event_type = 'Lock'`;
      return row.n;
    };

    it("lets both finish, without a deadlock, and leaves the slot with its new holder", async () => {
      const { slotId, old, expired, next, waiting } = await expiredHolderAndNewcomer();

      const [allocated, moved] = await withRacers(async (racers) => {
        const hold = await gate("bindings");
        let allocating: ReturnType<typeof settle<unknown>> | undefined;
        let moving: ReturnType<typeof settle<unknown>> | undefined;
        try {
          // The allocation locks the only slot, then parks before releasing the old line.
          allocating = settle(allocateLine(racers, { buyerId: next.id, orderId: waiting.orderId, now: NOW }));
          await waitUntil("the allocation holds the slot", async () => (await parked("bindings")).length === 1);
          moving = settle(moveCompletionBack(racers, { buyerId: old.id, orderId: expired.orderId, daysBack: 10 }));
          await waitUntil("the tester control waits too", async () => (await lockWaiters()) === 2);
        } finally {
          await hold.open();
        }
        return Promise.all([allocating, moving]);
      });

      expect(allocated).toMatchObject({ ok: true, value: { ok: true, extension: "0000" } });
      expect(moved).toEqual({ ok: true, value: { ok: true } });
      const lines = rows<{ order_id: string; holds_slot: boolean; ends_at: string | Date }>(
        await db.execute(sql`select order_id, holds_slot, ends_at from bindings order by bound_at`),
      );
      expect(lines.map((line) => [line.order_id, line.holds_slot])).toEqual([
        [expired.orderId, false],
        [waiting.orderId, true],
      ]);
      expect(new Date(lines[0].ends_at)).toEqual(endsAtAfterCompletion(ago(100)));
      const [slot] = rows<{ available_at: string | null }>(
        await db.execute(sql`select available_at from slots where id = ${slotId}`),
      );
      expect(slot.available_at).toBeNull();
      await expectConsistentPool(1);
    });

    it("the other way round: an allocation while the tester control holds the line skips its slot, without a deadlock", async () => {
      const { slotId, old, expired, next, waiting } = await expiredHolderAndNewcomer();

      const [moved, allocated] = await withRacers(async (racers) => {
        const hold = await gate("bindings");
        let moving: ReturnType<typeof settle<unknown>> | undefined;
        let allocating: ReturnType<typeof settle<unknown>> | undefined;
        let allocationDone = false;
        try {
          // The tester control has locked the line (and, first, its slot) and parks before updating it.
          moving = settle(moveCompletionBack(racers, { buyerId: old.id, orderId: expired.orderId, daysBack: 10 }));
          await waitUntil("the tester control holds the line", async () => (await parked("bindings")).length === 1);
          allocating = settle(allocateLine(racers, { buyerId: next.id, orderId: waiting.orderId, now: NOW }));
          void allocating.then(() => {
            allocationDone = true;
          });
          // Taking the slot without waiting for it would leave the allocation waiting on the line instead.
          await waitUntil("the allocation answers or waits", async () => allocationDone || (await lockWaiters()) > 1);
        } finally {
          await hold.open();
        }
        return Promise.all([moving, allocating]);
      });

      expect(moved).toEqual({ ok: true, value: { ok: true } });
      expect(allocated).toEqual({ ok: true, value: { ok: false, reason: "pool_exhausted" } });
      const lines = rows<{ order_id: string; holds_slot: boolean; ends_at: string | Date }>(
        await db.execute(sql`select order_id, holds_slot, ends_at from bindings order by bound_at`),
      );
      expect(lines.map((line) => [line.order_id, line.holds_slot])).toEqual([[expired.orderId, true]]);
      const endsAt = endsAtAfterCompletion(ago(100));
      expect(new Date(lines[0].ends_at)).toEqual(endsAt);
      const [slot] = rows<{ available_at: string | Date | null }>(
        await db.execute(sql`select available_at from slots where id = ${slotId}`),
      );
      expect(slot.available_at && new Date(slot.available_at)).toEqual(coolUntilAfter(endsAt));
      const [order] = await db
        .select({ protection: orders.protection })
        .from(orders)
        .where(eq(orders.id, waiting.orderId));
      // It waits for a slot, as any order does when the pool is exhausted.
      expect(order.protection).toBe("pending");
    });
  });

  describe("turning protection on from two requests at once", () => {
    it("turns it on once and records it once", async () => {
      await resetDb(db);
      const buyer = await makeBuyer(db, { list: "allow" });
      const results = await withRacers(async (racers) => {
        // Park the first request after it wrote the setting and before it records the change.
        const hold = await gate("activity_events");
        const attempts: Promise<unknown>[] = [];
        try {
          for (let i = 0; i < 2; i += 1) attempts.push(turnProtectionOn(racers, { buyerId: buyer.id, now: NOW }));
          await waitUntil("both requests are waiting", async () => {
            const [row] = await admin<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
              where datname = ${dbName} and wait_event_type = 'Lock'`;
            return row.n === 2;
          });
        } finally {
          await hold.open();
        }
        return Promise.all(attempts);
      });
      expect(results).toEqual(
        expect.arrayContaining([
          { ok: true, changed: true },
          { ok: true, changed: false },
        ]),
      );
      const events = rows<{ kind: string }>(await db.execute(sql`select kind from activity_events`));
      expect(events).toEqual([{ kind: "protection_on" }]);
    });
  });
});
