import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decryptPhone } from "@/lib/crypto/phone";
import type { Db } from "@/lib/db/client";
import { providerBindings, users } from "@/lib/db/schema";
import { JOB_HANDLERS } from "@/lib/jobs/handlers";
import { runDueJobs } from "@/lib/jobs/worker";
import { getProviderHealth } from "@/lib/operator/provider";
import { deleteAccount } from "@/lib/privacy/delete-account";
import { endLineEarly } from "@/lib/protection/end-line";
import { extendLine } from "@/lib/protection/extend-line";
import { placeOrder, transitionOrder } from "@/lib/protection/orders";
import { getOrderForBuyer } from "@/lib/protection/queries";
import { turnProtectionOff, turnProtectionOn } from "@/lib/protection/setting";
import { settings } from "@/lib/settings";
import { FakeDypls } from "@/lib/testing/alibaba-fake";
import { drivers } from "@/lib/testing/db";
import { addPool, makeBuyer, rows, SAMPLE_ORDER } from "@/lib/testing/protection";
import { useProtectionDb } from "@/lib/testing/suite";
import { fromBeijingTime } from "./client";
import { reconcile } from "./reconcile";

const HOST = "17100000001";
const fake = new FakeDypls();
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  await fake.start();
  const env = { ...fake.env(), ALIBABA_PLS_TIMEOUT_MS: "400" };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});
afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await fake.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(drivers())("the Alibaba provider outbox on $name", ({ open }) => {
  const suite = useProtectionDb(open);
  let db: Db;
  let merchantId: number;

  beforeEach(async () => {
    ({ db, merchantId } = suite);
    await addPool(db, { host: HOST, size: 20, width: 3 });
    fake.up();
    fake.bindings.clear();
  });

  /** Runs the queue until nothing is due, waiting out postponements, for at most `ms`. */
  async function drain(ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const result = await runDueJobs(db, { handlers: JOB_HANDLERS });
      const [due] = rows<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from jobs where state = 'pending' and run_at <= now() + interval '5 seconds'`,
        ),
      );
      if (result.done + result.retried + result.failed + result.postponed === 0 && Number(due.n) === 0) return;
      if (result.done === 0) await sleep(100);
    }
  }

  async function protectedOrder() {
    const buyer = await makeBuyer(db, { list: "allow" });
    await turnProtectionOn(db, { buyerId: buyer.id, now: new Date() });
    const placed = await placeOrder(db, { ...SAMPLE_ORDER, buyerId: buyer.id, merchantId, now: new Date() });
    expect(placed.protection).toBe("protected");
    const [line] = rows<{ id: string; extension: string }>(
      await db.execute(
        sql`select b.id, s.extension from bindings b join slots s on s.id = b.slot_id where b.order_id = ${placed.orderId}::uuid`,
      ),
    );
    const [user] = await db.select().from(users).where(eq(users.id, buyer.id));
    return {
      buyer,
      orderId: placed.orderId,
      bindingId: line.id,
      extension: line.extension,
      real: decryptPhone(user.phoneCiphertext, user.id),
    };
  }

  const providerRow = async (bindingId: string) =>
    (await db.select().from(providerBindings).where(eq(providerBindings.bindingId, bindingId)))[0];

  it("an allocation binds the buyer's real number to the host and its 3-digit extension, OutId our binding id", async () => {
    const order = await protectedOrder();
    expect(order.extension).toMatch(/^\d{3}$/);
    // Before the provider confirmed it, the buyer sees the line as connecting.
    const before = await getOrderForBuyer(db, { buyerId: order.buyer.id, orderId: order.orderId, now: new Date() });
    expect(before?.line).toMatchObject({ state: "active", connecting: true });
    expect(fake.live()).toHaveLength(0);

    await drain();
    const live = fake.liveByOutId(order.bindingId);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ phoneNoA: order.real, phoneNoX: HOST, extension: order.extension });
    expect(await providerRow(order.bindingId)).toMatchObject({ state: "bound", subsId: live[0].subsId });
    const after = await getOrderForBuyer(db, { buyerId: order.buyer.id, orderId: order.orderId, now: new Date() });
    expect(after?.line).toMatchObject({
      state: "active",
      connecting: false,
      lastFour: `${HOST.slice(-1)}${order.extension}`,
    });
    expect(fake.rejected).toBe(0);
  });

  it("a line is connecting until the provider has it, and again after a failed bind; an ended one never is", async () => {
    const order = await protectedOrder();
    const read = async () =>
      (await getOrderForBuyer(db, { buyerId: order.buyer.id, orderId: order.orderId, now: new Date() }))?.line;
    await db.update(providerBindings).set({ state: "failed" }).where(eq(providerBindings.bindingId, order.bindingId));
    expect(await read()).toMatchObject({ state: "active", connecting: true });
    await db
      .update(providerBindings)
      .set({ state: "connecting" })
      .where(eq(providerBindings.bindingId, order.bindingId));
    expect(await endLineEarly(db, { buyerId: order.buyer.id, orderId: order.orderId, now: new Date() })).toMatchObject({
      ok: true,
    });
    expect(await read()).toMatchObject({ state: "ended", connecting: false });
  });

  it("ending the line unbinds it; the buyer's side is frozen at once", async () => {
    const order = await protectedOrder();
    await drain();
    expect(await endLineEarly(db, { buyerId: order.buyer.id, orderId: order.orderId, now: new Date() })).toMatchObject({
      ok: true,
    });
    const frozen = await getOrderForBuyer(db, { buyerId: order.buyer.id, orderId: order.orderId, now: new Date() });
    expect(frozen?.line?.state).toBe("ended");
    await drain();
    expect(fake.liveByOutId(order.bindingId)).toHaveLength(0);
    expect(
      fake.events.filter((e) => e.action === "UnbindSubscription" && e.code === "OK").map((e) => e.subsId),
    ).toContain((await providerRow(order.bindingId)).subsId);
    expect(await providerRow(order.bindingId)).toMatchObject({ state: "unbound" });
  });

  it("completion and an after-sales extension move the expiration at the provider; its own expiry unbinds it", async () => {
    const order = await protectedOrder();
    await drain();
    for (const step of ["ship", "deliver", "complete"] as const) {
      expect(
        await transitionOrder(db, {
          buyerId: order.buyer.id,
          orderId: order.orderId,
          transition: step,
          now: new Date(),
        }),
      ).toEqual({ ok: true });
    }
    await drain();
    const [{ ends_at }] = rows<{ ends_at: string | Date }>(
      await db.execute(sql`select ends_at from bindings where id = ${order.bindingId}::uuid`),
    );
    const endsAt = new Date(ends_at);
    const [live] = fake.liveByOutId(order.bindingId);
    const completedExpiry = live.expiration.getTime();
    expect(Math.floor(completedExpiry / 1000)).toBe(Math.floor(endsAt.getTime() / 1000));

    // Extend within the window: the provider's expiration follows.
    const nearEnd = new Date(endsAt.getTime() - 24 * 3600_000);
    vi.useFakeTimers({ now: nearEnd, toFake: ["Date"] });
    try {
      const extended = await extendLine(db, { buyerId: order.buyer.id, orderId: order.orderId, now: nearEnd });
      expect(extended).toMatchObject({ ok: true });
    } finally {
      vi.useRealTimers();
    }
    // Its command is due at the extension's instant, a day before the end.
    await runDueJobs(db, { handlers: JOB_HANDLERS, now: new Date(nearEnd.getTime() + 1000) });
    const [moved] = fake.liveByOutId(order.bindingId);
    const extendedEnd = completedExpiry + settings.extensionDays * 24 * 3600_000;
    expect(moved.expiration.getTime()).toBe(extendedEnd);

    // Its own expiry: the unbind scheduled at the old end does nothing, the one at the new end unbinds.
    const scheduled = rows<{ run_at: string | Date }>(
      await db.execute(
        sql`select run_at from jobs where state = 'pending' and kind = 'provider.command' order by run_at`,
      ),
    ).map((job) => Math.floor(new Date(job.run_at).getTime() / 1000));
    expect(scheduled).toEqual([completedExpiry, extendedEnd].map((t) => Math.floor(t / 1000)));
    await runDueJobs(db, { handlers: JOB_HANDLERS, now: new Date(completedExpiry + 1000) });
    expect(fake.liveByOutId(order.bindingId)).toHaveLength(1);
    await runDueJobs(db, { handlers: JOB_HANDLERS, now: new Date(extendedEnd + 1000) });
    expect(fake.liveByOutId(order.bindingId)).toHaveLength(0);
    expect(await providerRow(order.bindingId)).toMatchObject({ state: "unbound" });
  });

  it("unbinds on cancel, on turning protection off, and on deleting the account", async () => {
    const cancelled = await protectedOrder();
    const off = await protectedOrder();
    const deleted = await protectedOrder();
    await drain();
    expect(fake.live()).toHaveLength(3);
    await transitionOrder(db, {
      buyerId: cancelled.buyer.id,
      orderId: cancelled.orderId,
      transition: "cancel",
      now: new Date(),
    });
    await turnProtectionOff(db, { buyerId: off.buyer.id, mode: "end", now: new Date() });
    const gone = await deleteAccount(db, { buyerId: deleted.buyer.id, now: new Date() });
    expect(gone).toBeTruthy();
    await drain();
    expect(fake.live()).toHaveLength(0);
  });

  it("with the provider down the line ends at once here, and is unbound within seconds of recovery", async () => {
    const order = await protectedOrder();
    await drain();
    fake.down("5xx");
    await endLineEarly(db, { buyerId: order.buyer.id, orderId: order.orderId, now: new Date() });
    const frozen = await getOrderForBuyer(db, { buyerId: order.buyer.id, orderId: order.orderId, now: new Date() });
    expect(frozen?.line?.state).toBe("ended");
    const outageEnds = Date.now() + 3000;
    while (Date.now() < outageEnds) {
      await runDueJobs(db, { handlers: JOB_HANDLERS });
      await sleep(200);
    }
    expect(fake.liveByOutId(order.bindingId)).toHaveLength(1);
    expect((await providerRow(order.bindingId)).failures).toBeGreaterThan(1);
    // The console shows the command waiting, its age, and the line retrying with its failure code.
    const health = await getProviderHealth(db, { now: new Date() });
    expect(health).toMatchObject({ provider: "alibaba", retrying: 1 });
    expect(health.pending).toBeGreaterThan(0);
    expect(health.oldestPendingMs).toBeGreaterThan(2000);
    expect(health.errors[0].code).toMatch(/^network:/);

    fake.up();
    const recovered = Date.now();
    await drain();
    expect(fake.liveByOutId(order.bindingId)).toHaveLength(0);
    const unbound = fake.events.find((e) => e.action === "UnbindSubscription" && e.code === "OK" && e.at >= recovered);
    expect(unbound).toBeDefined();
    expect((unbound?.at ?? Infinity) - recovered).toBeLessThan(5000);
    expect(await providerRow(order.bindingId)).toMatchObject({ state: "unbound", failures: 0 });
  });

  it("a bind whose answer was lost, then throttled, then a system error, leaves exactly one binding", async () => {
    fake.failNext("lost_answer");
    fake.failNext("throttle");
    fake.failNext("system_error");
    const order = await protectedOrder();
    await drain();
    expect(fake.bindings.size).toBe(1);
    expect(fake.liveByOutId(order.bindingId)).toHaveLength(1);
    expect(await providerRow(order.bindingId)).toMatchObject({ state: "bound" });
    // A repeated command (at-least-once delivery) changes nothing.
    await db.execute(
      sql`insert into jobs (kind, payload, run_at, created_at) values ('provider.command', ${JSON.stringify({ bindingId: order.bindingId, command: "bind" })}::jsonb, now(), now())`,
    );
    await drain();
    expect(fake.bindings.size).toBe(1);
  });

  it("reconciliation finds and fixes drift planted at the fake", async () => {
    const kept = await protectedOrder();
    const lostThere = await protectedOrder();
    const wrongExpiry = await protectedOrder();
    await drain();
    // Drift 1: a binding nobody asked for on our host.
    const stray = fake.plant({
      phoneNoA: "13700000000",
      phoneNoX: HOST,
      extension: "999",
      outId: "",
      expiration: new Date(Date.now() + 3600_000),
    });
    // Drift 2: the provider lost a live line's binding.
    const lost = await providerRow(lostThere.bindingId);
    const lostBinding = fake.bindings.get(lost.subsId ?? "");
    if (lostBinding) lostBinding.unboundAt = new Date();
    // Drift 3: a wrong expiration.
    const wrong = fake.bindings.get((await providerRow(wrongExpiry.bindingId)).subsId ?? "");
    if (wrong) wrong.expiration = new Date(Date.now() + 600_000);

    const report = await reconcile(db);
    expect(report.drifts.map((d) => d.kind).sort()).toEqual(["expiration_fixed", "missing_rebind", "stray_unbound"]);
    expect(fake.bindings.get(stray)?.unboundAt).not.toBeNull();
    await drain();
    expect(fake.liveByOutId(lostThere.bindingId)).toHaveLength(1);
    expect(fake.liveByOutId(kept.bindingId)).toHaveLength(1);
    const [fixed] = fake.liveByOutId(wrongExpiry.bindingId);
    expect(fixed.expiration.getTime() - Date.now()).toBeGreaterThan(30 * 24 * 3600_000);
    expect(fromBeijingTime("2026-01-01 08:00:00")).not.toBeNull();
    // A second pass finds nothing.
    expect((await reconcile(db)).drifts).toEqual([]);
  });
});
