import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import {
  hostNumbers,
  notifyRequests,
  operatorEvents,
  protectionSettings,
  rolloutAccounts,
  rolloutSettings,
  slots,
  users,
} from "@/lib/db/schema";
import { allocateLine } from "@/lib/protection/allocate";
import { endLineEarly } from "@/lib/protection/end-line";
import { placeOrder, type Transition, transitionOrder } from "@/lib/protection/orders";
import { decideCall } from "@/lib/protection/relay";
import { eligibility, rolloutBucket } from "@/lib/protection/rules";
import { getEligibility } from "@/lib/protection/setting";
import { DAY_MS } from "@/lib/settings";
import { drivers } from "@/lib/testing/db";
import { addPool, makeBuyer, resetDb, rows, SAMPLE_ORDER, seedMerchants, setRollout } from "@/lib/testing/protection";
import { listOperatorEvents, maskEmail } from "./audit";
import { addHostNumber, EXTENSIONS_PER_HOST, setHostStatus } from "./hosts";
import { currentRate, forecastExhaustion, getPoolHealth } from "./pool";
import {
  addRolloutAccount,
  eligibilityCensus,
  getRolloutOverview,
  removeRolloutAccount,
  rolloutBucketSql,
  setRolloutPercentage,
} from "./rollout";

const NOW = new Date("2030-05-01T12:00:00.000Z");
const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const STRANGER = "13700001234";

describe("forecast", () => {
  it("says how long the free slots last at the current rate", () => {
    const forecast = forecastExhaustion({ free: 9_072, ratePerHour: 42, now: NOW });
    expect(forecast).toEqual({ kind: "runs_out", hours: 216, at: at(216 * HOUR) });
    expect(forecast.kind === "runs_out" && forecast.hours / 24).toBe(9);
  });

  it("is exhausted with no free slot, whatever the rate, and idle with no allocations", () => {
    expect(forecastExhaustion({ free: 0, ratePerHour: 42, now: NOW })).toEqual({ kind: "exhausted" });
    expect(forecastExhaustion({ free: 0, ratePerHour: 0, now: NOW })).toEqual({ kind: "exhausted" });
    expect(forecastExhaustion({ free: 10, ratePerHour: 0, now: NOW })).toEqual({ kind: "idle" });
    expect(forecastExhaustion({ free: 10, ratePerHour: Number.NaN, now: NOW })).toEqual({ kind: "idle" });
  });

  it("takes the higher of the last hour and the last day's hourly average", () => {
    expect(currentRate({ lastHour: 5, last24h: 240 })).toBe(10);
    expect(currentRate({ lastHour: 30, last24h: 240 })).toBe(30);
    expect(currentRate({ lastHour: 0, last24h: 0 })).toBe(0);
  });
});

describe("masked emails in the audit log", () => {
  it("keeps the first letters and the domain only", () => {
    expect(maskEmail("waitlist@example.com")).toBe("wa***@example.com");
    expect(maskEmail("ab@example.com")).toBe("a***@example.com");
    expect(maskEmail("a@example.com")).toBe("a***@example.com");
    expect(maskEmail("not-an-email")).toBe("***");
  });
});

describe.each(drivers())("operator console on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let merchantId: number;
  let operator: { id: string };

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetDb(db);
    merchantId = await seedMerchants(db);
    operator = { id: await insertUser({ role: "operator", email: "ops@example.com" }) };
  });

  let serial = 0;
  /** A bare account row: enough for counting, without the cost of a password hash. */
  async function insertUser({
    role = "buyer",
    email,
    deleted = false,
  }: {
    role?: "buyer" | "operator";
    email?: string;
    deleted?: boolean;
  } = {}): Promise<string> {
    serial += 1;
    const id = randomUUID();
    await db.insert(users).values({
      id,
      name: `User ${serial}`,
      email: email ?? `user-${serial}-${id.slice(0, 8)}@example.com`,
      phoneCiphertext: "not-used",
      phoneHash: `hash-${id}`,
      phoneMasked: "139****0000",
      passwordHash: "not-used",
      role,
      deletedAt: deleted ? NOW : null,
    });
    return id;
  }

  const events = () => db.select().from(operatorEvents).orderBy(operatorEvents.id);

  /** An eligible buyer with protection on, made through sign-up (the relay decrypts the real number). */
  async function protectedBuyer() {
    const buyer = await makeBuyer(db, { list: "allow" });
    await db.insert(protectionSettings).values({ buyerId: buyer.id, enabled: true });
    return buyer;
  }

  async function place(buyerId: string, now: Date, steps: [Transition, Date][] = []) {
    const placed = await placeOrder(db, { ...SAMPLE_ORDER, buyerId, merchantId, now });
    for (const [transition, when] of steps) {
      expect(await transitionOrder(db, { buyerId, orderId: placed.orderId, transition, now: when })).toEqual({
        ok: true,
      });
    }
    return placed;
  }

  async function lineOf(orderId: string) {
    const result = await db.execute(sql`
      select h.number as host, s.extension from bindings b join slots s on s.id = b.slot_id
      join host_numbers h on h.id = s.host_id where b.order_id = ${orderId} order by b.bound_at desc limit 1`);
    return rows<{ host: string; extension: string }>(result)[0];
  }

  describe("rollout", () => {
    it("computes the same bucket in SQL as rolloutBucket() does", async () => {
      const result = await db.execute(
        sql`select id::text as id, ${rolloutBucketSql(sql`id`)} as bucket from (select gen_random_uuid() as id from generate_series(1, 500)) t`,
      );
      const buckets = rows<{ id: string; bucket: number }>(result);
      expect(buckets).toHaveLength(500);
      for (const { id, bucket } of buckets) expect(Number(bucket), id).toBe(rolloutBucket(id));
    });

    it("counts eligible buyers exactly as eligibility() decides them, at every percentage", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 120; i += 1) ids.push(await insertUser());
      const listed = new Map<string, "allow" | "hold_out">();
      for (const [i, id] of ids.entries()) {
        if (i % 10 === 0) listed.set(id, "allow");
        else if (i % 10 === 1) listed.set(id, "hold_out");
      }
      const emails = await db.select({ id: users.id, email: users.email }).from(users);
      const emailOf = new Map(emails.map((row) => [row.id, row.email]));
      for (const [id, list] of listed) {
        await db.insert(rolloutAccounts).values({ email: emailOf.get(id) as string, list });
      }
      const asked = ids.filter((_, i) => i % 3 === 0);
      for (const id of asked) await db.insert(notifyRequests).values({ buyerId: id, requestedAt: NOW });
      // Neither operators nor deleted accounts are buyers to count.
      await insertUser({ deleted: true });
      await insertUser({ role: "operator" });

      for (const percentage of [0, 1, 37, 50, 99, 100]) {
        const expected = { allow_list: 0, percentage: 0, hold_out: 0, not_yet: 0 };
        const expectedAsked = { allow_list: 0, percentage: 0, hold_out: 0, not_yet: 0 };
        for (const id of ids) {
          const why = eligibility({ buyerId: id, list: listed.get(id) ?? null, percentage }).why;
          expected[why] += 1;
          if (asked.includes(id)) expectedAsked[why] += 1;
        }
        const census = await eligibilityCensus(db, { percentage });
        expect(census.byWhy, `at ${percentage}%`).toEqual(expected);
        expect(census.asked, `at ${percentage}%`).toEqual(expectedAsked);
        // And what each buyer is told on the privacy page agrees.
        await setRollout(db, percentage);
        const told = await Promise.all(ids.slice(0, 30).map((buyerId) => getEligibility(db, { buyerId })));
        expect(told.map((e) => e.why)).toEqual(
          ids.slice(0, 30).map((id) => eligibility({ buyerId: id, list: listed.get(id) ?? null, percentage }).why),
        );
      }

      await setRollout(db, 37);
      const overview = await getRolloutOverview(db);
      expect(overview.buyers).toBe(120);
      expect(overview.eligible).toBe(overview.byWhy.allow_list + overview.byWhy.percentage);
      expect(overview.notifyRequests).toBe(asked.length);
      expect(overview.allow).toHaveLength(12);
      expect(overview.holdOut).toHaveLength(12);
      expect(overview.allow.every((entry) => entry.hasAccount)).toBe(true);
    });

    it("tells an account id that does not exist (any more) that it is not eligible, and does not fail", async () => {
      expect(await getEligibility(db, { buyerId: randomUUID() })).toMatchObject({ eligible: false });
    });

    it("sets the percentage within 0–100 only, records each change, and buyers see it at once", async () => {
      const buyer = await insertUser();
      for (const bad of [-1, 101, 2.5, Number.NaN]) {
        expect(await setRolloutPercentage(db, { operator, percentage: bad, now: NOW })).toEqual({
          ok: false,
          reason: "invalid_percentage",
        });
      }
      expect(await db.select().from(rolloutSettings)).toEqual([]);
      expect(await events()).toEqual([]);

      expect(await setRolloutPercentage(db, { operator, percentage: 100, now: NOW })).toEqual({
        ok: true,
        changed: true,
        previous: 0,
      });
      expect((await getEligibility(db, { buyerId: buyer })).eligible).toBe(true);
      expect(await setRolloutPercentage(db, { operator, percentage: 100, now: at(1) })).toEqual({
        ok: true,
        changed: false,
        previous: 100,
      });
      expect(await setRolloutPercentage(db, { operator, percentage: 0, now: at(2) })).toMatchObject({ changed: true });
      expect((await getEligibility(db, { buyerId: buyer })).eligible).toBe(false);
      expect((await events()).map((e) => [e.kind, e.detail, e.operatorId, e.at])).toEqual([
        ["rollout_percentage", { from: 0, to: 100 }, operator.id, NOW],
        ["rollout_percentage", { from: 100, to: 0 }, operator.id, at(2)],
      ]);
      // The database has the last word on the range too.
      await expect(db.update(rolloutSettings).set({ percentage: 101 })).rejects.toThrow();
    });

    it("adds, moves and removes emails on the lists, validated, each recorded with the email masked", async () => {
      const buyer = await insertUser({ email: "zhao.min@example.com" });
      await setRollout(db, 0);
      expect(await addRolloutAccount(db, { operator, email: "not an email", list: "allow", now: NOW })).toEqual({
        ok: false,
        reason: "invalid_email",
      });
      expect(await db.select().from(rolloutAccounts)).toEqual([]);

      expect(
        await addRolloutAccount(db, { operator, email: "  Zhao.Min@Example.com ", list: "allow", now: NOW }),
      ).toEqual({ ok: true, changed: true, previous: null });
      expect(await getEligibility(db, { buyerId: buyer })).toEqual({ eligible: true, why: "allow_list" });
      expect(
        await addRolloutAccount(db, { operator, email: "zhao.min@example.com", list: "allow", now: at(1) }),
      ).toEqual({ ok: true, changed: false, previous: "allow" });

      await setRollout(db, 100);
      expect(
        await addRolloutAccount(db, { operator, email: "zhao.min@example.com", list: "hold_out", now: at(2) }),
      ).toEqual({ ok: true, changed: true, previous: "allow" });
      expect(await getEligibility(db, { buyerId: buyer })).toEqual({ eligible: false, why: "hold_out" });

      expect(await removeRolloutAccount(db, { operator, email: "ZHAO.MIN@example.com", now: at(3) })).toEqual({
        ok: true,
        changed: true,
        previous: "hold_out",
      });
      expect(await getEligibility(db, { buyerId: buyer })).toEqual({ eligible: true, why: "percentage" });
      expect(await removeRolloutAccount(db, { operator, email: "zhao.min@example.com", now: at(4) })).toEqual({
        ok: false,
        reason: "not_listed",
      });

      const log = await events();
      expect(log.map((e) => [e.kind, e.detail])).toEqual([
        ["rollout_list_add", { email: "zh***@example.com", list: "allow" }],
        ["rollout_list_add", { email: "zh***@example.com", list: "hold_out", from: "allow" }],
        ["rollout_list_remove", { email: "zh***@example.com", list: "hold_out" }],
      ]);
      expect(JSON.stringify(log)).not.toContain("zhao.min");
    });
  });

  describe("pool health", () => {
    it("counts free, bound and cooling at the edges of now, per host and in total", async () => {
      const [freeAtNow, coolingUntilJustAfter, ...rest] = await addPool(db, { host: "17000000001", size: 6 });
      expect(rest).toHaveLength(4);
      // Two slots whose state is set by hand: one free from exactly now, one cooling until 1 ms after.
      await db.update(slots).set({ availableAt: NOW }).where(eq(slots.id, freeAtNow));
      await db
        .update(slots)
        .set({ availableAt: at(1) })
        .where(eq(slots.id, coolingUntilJustAfter));
      // Keep the hand-set slots out of allocation while the lines are made.
      await db
        .update(slots)
        .set({ availableAt: at(DAY_MS) })
        .where(eq(slots.id, freeAtNow));
      await db
        .update(slots)
        .set({ availableAt: at(DAY_MS) })
        .where(eq(slots.id, coolingUntilJustAfter));

      const buyer = await protectedBuyer();
      const fifteenDaysBefore = (ms: number) => at(ms - 15 * DAY_MS);
      // Open: bound, made 30 minutes ago.
      await place(buyer.id, at(-HOUR / 2));
      // Completed so that its line ends exactly now: no longer live, cooling.
      await place(buyer.id, at(-20 * DAY_MS), [
        ["ship", fifteenDaysBefore(-2)],
        ["deliver", fifteenDaysBefore(-1)],
        ["complete", fifteenDaysBefore(0)],
      ]);
      // Completed so that its line ends 1 ms after now: still bound.
      await place(buyer.id, at(-20 * DAY_MS), [
        ["ship", fifteenDaysBefore(-2)],
        ["deliver", fifteenDaysBefore(-1)],
        ["complete", fifteenDaysBefore(1)],
      ]);
      // Made exactly an hour ago (not in the last hour) and ended early: cooling.
      const ended = await place(buyer.id, at(-HOUR));
      expect(await endLineEarly(db, { buyerId: buyer.id, orderId: ended.orderId, now: at(-HOUR / 4) })).toMatchObject({
        ok: true,
      });
      await db.update(slots).set({ availableAt: NOW }).where(eq(slots.id, freeAtNow));
      await db
        .update(slots)
        .set({ availableAt: at(1) })
        .where(eq(slots.id, coolingUntilJustAfter));

      // A retired host: its free slots count as free, but not as allocatable.
      await addPool(db, { host: "17000000002", size: 3 });
      await db.update(hostNumbers).set({ status: "retired" }).where(eq(hostNumbers.number, "17000000002"));

      const health = await getPoolHealth(db, { now: NOW });
      const [a, b] = health.hosts;
      expect(a).toMatchObject({ number: "17000000001", status: "active", total: 6, free: 1, bound: 2, cooling: 3 });
      expect(a).toMatchObject({ lastHour: 1, last24h: 2, utilisation: 5 / 6 });
      expect(b).toMatchObject({ number: "17000000002", status: "retired", total: 3, free: 3, bound: 0, cooling: 0 });
      expect(b).toMatchObject({ lastHour: 0, last24h: 0, utilisation: 0 });
      expect(health.total).toEqual({
        total: 9,
        free: 4,
        bound: 2,
        cooling: 3,
        lastHour: 1,
        last24h: 2,
        utilisation: 5 / 9,
      });
      expect(health.allocatable).toBe(1);
      expect(health.ratePerHour).toBe(1);
      expect(health.forecast).toEqual({ kind: "runs_out", hours: 1, at: at(HOUR) });

      // One millisecond later the line ending then is cooling, and the hand-cooled slot is free.
      const later = await getPoolHealth(db, { now: at(1) });
      expect(later.hosts[0]).toMatchObject({ total: 6, free: 2, bound: 1, cooling: 3 });
      for (const host of [...health.hosts, ...later.hosts]) {
        expect(host.free + host.bound + host.cooling).toBe(host.total);
      }
    });

    it("has an empty pool and an exhausted forecast with no host numbers", async () => {
      const health = await getPoolHealth(db, { now: NOW });
      expect(health.hosts).toEqual([]);
      expect(health.total).toMatchObject({ total: 0, free: 0, utilisation: 0 });
      expect(health.forecast).toEqual({ kind: "exhausted" });
    });
  });

  describe("host numbers", () => {
    it("adds an Alibaba mobile host with 3-digit extensions: 1,000 slots, its last four from host and extension", async () => {
      const result = await addHostNumber(db, { operator, number: "17100000003", extensionWidth: 3, now: NOW });
      expect(result).toMatchObject({ ok: true, number: "17100000003", slots: 1_000 });
      const counted = rows<{ n: number; lo: string; hi: string; widths: number }>(
        await db.execute(sql`select count(*)::int as n, min(extension) as lo, max(extension) as hi,
          count(distinct length(extension))::int as widths from slots`),
      )[0];
      expect(counted).toMatchObject({ n: 1_000, lo: "000", hi: "999", widths: 1 });
      const health = await getPoolHealth(db, { now: NOW });
      expect(health.hosts[0]).toMatchObject({ extensionWidth: 3, total: 1_000, free: 1_000 });
      for (const width of [0, 5, 2.5]) {
        expect(await addHostNumber(db, { operator, number: "17100000004", extensionWidth: width, now: at(1) })).toEqual(
          { ok: false, reason: "invalid_width" },
        );
      }
      // The database holds every slot to its host's width.
      const [host] = await db.select({ id: hostNumbers.id }).from(hostNumbers);
      await expect(
        db.execute(sql`insert into slots (host_id, extension, rand_key) values (${host.id}, '0421', 1)`),
      ).rejects.toThrow();
      const buyer = await protectedBuyer();
      const placed = await place(buyer.id, NOW);
      expect(placed.protection).toBe("protected");
      const [line] = rows<{ extension: string }>(
        await db.execute(sql`select s.extension from bindings b join slots s on s.id = b.slot_id`),
      );
      expect(line.extension).toMatch(/^\d{3}$/);
    });

    it("adds a validated number with its 10,000 free slots in one go, once", async () => {
      const result = await addHostNumber(db, { operator, number: "+86 170 0000 0001", now: NOW });
      expect(result).toMatchObject({ ok: true, number: "17000000001", slots: EXTENSIONS_PER_HOST });
      const counted = rows<{ n: number; distinct_ext: number; lo: string; hi: string; keys: number }>(
        await db.execute(sql`select count(*)::int as n, count(distinct extension)::int as distinct_ext,
          min(extension) as lo, max(extension) as hi, count(distinct rand_key)::int as keys from slots`),
      )[0];
      expect(counted).toMatchObject({ n: 10_000, distinct_ext: 10_000, lo: "0000", hi: "9999" });
      expect(Number(counted.keys)).toBeGreaterThan(9_900);
      const health = await getPoolHealth(db, { now: NOW });
      expect(health.hosts[0]).toMatchObject({ status: "active", total: 10_000, free: 10_000, bound: 0, cooling: 0 });

      expect(await addHostNumber(db, { operator, number: "17000000001", now: at(1) })).toEqual({
        ok: false,
        reason: "duplicate",
      });
      for (const bad of ["12000000001", "1700000001", "170000000012", "abc", "", "+1 415 555 0100"]) {
        expect(await addHostNumber(db, { operator, number: bad, now: at(2) }), bad).toEqual({
          ok: false,
          reason: "invalid_number",
        });
      }
      expect(await db.select({ n: sql<number>`count(*)::int` }).from(hostNumbers)).toEqual([{ n: 1 }]);
      expect(await db.select({ n: sql<number>`count(*)::int` }).from(slots)).toEqual([{ n: 10_000 }]);
      expect((await events()).map((e) => [e.kind, e.detail])).toEqual([
        ["host_added", { number: "17000000001", slots: 10_000, extensionWidth: 4 }],
      ]);

      // A new host number takes allocations straight away.
      const buyer = await protectedBuyer();
      const placed = await place(buyer.id, NOW);
      expect(placed.protection).toBe("protected");
      expect((await lineOf(placed.orderId)).host).toBe("17000000001");
    });

    it("retiring stops new bindings while live lines keep being forwarded; reactivating resumes", async () => {
      const added = await addHostNumber(db, { operator, number: "17000000001", now: NOW });
      if (!added.ok) throw new Error("host not added");
      const host = { id: added.hostId };
      const buyer = await protectedBuyer();
      const live = await place(buyer.id, at(1));
      const line = await lineOf(live.orderId);

      expect(await setHostStatus(db, { operator, hostId: host.id, status: "retired", now: at(2) })).toEqual({
        ok: true,
        changed: true,
        number: "17000000001",
        from: "active",
      });
      const next = await place(buyer.id, at(3));
      expect(next.protection).toBe("pending");
      expect(await allocateLine(db, { orderId: next.orderId, buyerId: buyer.id, now: at(4) })).toEqual({
        ok: false,
        reason: "pool_exhausted",
      });
      expect(await decideCall(db, { ...line, caller: STRANGER, now: at(5) })).toMatchObject({ action: "forward" });
      const health = await getPoolHealth(db, { now: at(5) });
      expect(health.hosts[0]).toMatchObject({ status: "retired", bound: 1, free: 9_999 });
      expect(health.allocatable).toBe(0);
      expect(health.forecast).toEqual({ kind: "exhausted" });

      expect(await setHostStatus(db, { operator, hostId: host.id, status: "active", now: at(6) })).toMatchObject({
        ok: true,
        changed: true,
        from: "retired",
      });
      expect(await allocateLine(db, { orderId: next.orderId, buyerId: buyer.id, now: at(7) })).toMatchObject({
        ok: true,
        host: "17000000001",
      });
    });

    it("locking rejects every call to its live lines at once and binds nothing new; unlocking forwards again", async () => {
      const added = await addHostNumber(db, { operator, number: "17000000001", now: NOW });
      if (!added.ok) throw new Error("host not added");
      const buyer = await protectedBuyer();
      const live = await place(buyer.id, at(1));
      const line = await lineOf(live.orderId);
      expect(await decideCall(db, { ...line, caller: STRANGER, now: at(2) })).toMatchObject({ action: "forward" });

      expect(await setHostStatus(db, { operator, hostId: added.hostId, status: "locked", now: at(3) })).toMatchObject({
        ok: true,
        changed: true,
      });
      expect(await decideCall(db, { ...line, caller: STRANGER, now: at(3) })).toMatchObject({
        action: "reject",
        reason: "locked",
        orderId: live.orderId,
      });
      expect((await place(buyer.id, at(4))).protection).toBe("pending");

      expect(await setHostStatus(db, { operator, hostId: added.hostId, status: "active", now: at(5) })).toMatchObject({
        ok: true,
        from: "locked",
      });
      expect(await decideCall(db, { ...line, caller: STRANGER, now: at(6) })).toMatchObject({ action: "forward" });
    });

    it("refuses an unknown host and records nothing for a change that changes nothing", async () => {
      const added = await addHostNumber(db, { operator, number: "17000000001", now: NOW });
      if (!added.ok) throw new Error("host not added");
      expect(await setHostStatus(db, { operator, hostId: added.hostId + 1, status: "locked", now: at(1) })).toEqual({
        ok: false,
        reason: "not_found",
      });
      expect(await setHostStatus(db, { operator, hostId: added.hostId, status: "active", now: at(2) })).toEqual({
        ok: true,
        changed: false,
        number: "17000000001",
        from: "active",
      });
      expect((await events()).map((e) => e.kind)).toEqual(["host_added"]);
    });
  });

  describe("audit log", () => {
    it("lists every change with who and when, newest first", async () => {
      const second = { id: await insertUser({ role: "operator", email: "night-shift@example.com" }) };
      await setRolloutPercentage(db, { operator, percentage: 25, now: NOW });
      const added = await addHostNumber(db, { operator: second, number: "17000000001", now: at(HOUR) });
      if (!added.ok) throw new Error("host not added");
      await setHostStatus(db, { operator: second, hostId: added.hostId, status: "locked", now: at(2 * HOUR) });
      await addRolloutAccount(db, { operator, email: "waitlist@example.com", list: "allow", now: at(3 * HOUR) });

      const log = await listOperatorEvents(db);
      expect(
        log.map(({ kind, detail, at: when, operatorEmail }) => ({ kind, detail, at: when, operatorEmail })),
      ).toEqual([
        {
          kind: "rollout_list_add",
          detail: { email: "wa***@example.com", list: "allow" },
          at: at(3 * HOUR),
          operatorEmail: "ops@example.com",
        },
        {
          kind: "host_status",
          detail: { number: "17000000001", from: "active", to: "locked" },
          at: at(2 * HOUR),
          operatorEmail: "night-shift@example.com",
        },
        {
          kind: "host_added",
          detail: { number: "17000000001", slots: 10_000, extensionWidth: 4 },
          at: at(HOUR),
          operatorEmail: "night-shift@example.com",
        },
        { kind: "rollout_percentage", detail: { from: 0, to: 25 }, at: NOW, operatorEmail: "ops@example.com" },
      ]);
      expect(await listOperatorEvents(db, { limit: 2 })).toHaveLength(2);
    });

    it("is written in the same transaction as the change: a refused change leaves no entry", async () => {
      await expect(
        setRolloutPercentage(db, { operator: { id: randomUUID() }, percentage: 50, now: NOW }),
      ).rejects.toThrow();
      expect(await db.select().from(rolloutSettings)).toEqual([]);
      expect(await events()).toEqual([]);
    });
  });
});
