/**
 * "End now" to the unbind at the provider, with TELEPHONY_PROVIDER=alibaba against the loopback fake:
 * the app's own code paths (endLineEarly, the outbox, the worker woken after the commit) on a real
 * PostgreSQL database, the fake checking every signature.
 *
 * - normal running: lines ended one after another, each timed from the call to "End now" to the
 *   moment the fake applied its UnbindSubscription;
 * - after an outage: the fake answers 5xx for `--outage-s` (30) seconds while lines are ended; each is
 *   timed from its "End now" and from the provider's recovery.
 *
 * The ceiling for the recovery figure is measured in the same run: the normal p99 plus the outbox's
 * longest retry delay (3.75 s) plus the worker's poll interval (1 s), what bounds it by construction. Prints a RESULT line for bench/run.ts.
 */
import { eq } from "drizzle-orm";
import { bindings, providerBindings } from "@/lib/db/schema";
import { startWorker } from "@/lib/jobs/worker";
import { endLineEarly } from "@/lib/protection/end-line";
import { placeOrder } from "@/lib/protection/orders";
import { turnProtectionOn } from "@/lib/protection/setting";
import { FakeDypls } from "@/lib/testing/alibaba-fake";
import { addPool, makeBuyer, SAMPLE_ORDER, seedMerchants } from "@/lib/testing/protection";
import { freshServerDb, machine, numberArg, percentile } from "./common";

const LINES = numberArg("lines", 40);
const OUTAGE_S = numberArg("outage-s", 30);
const MAX_RETRY_DELAY_MS = 3750;
/** The worker polls this often: a retry falls due between two polls. */
const POLL_MS = 1000;
const HOST = "17100000001";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
};

async function main() {
  const fake = await new FakeDypls().start();
  Object.assign(process.env, fake.env(), { ALIBABA_PLS_TIMEOUT_MS: "1000" });
  const handle = await freshServerDb({ max: 5 });
  const { db } = handle;
  const worker = startWorker(db, { intervalMs: POLL_MS });
  try {
    const merchantId = await seedMerchants(db);
    await addPool(db, { host: HOST, size: 2 * LINES + 10, width: 3 });

    async function liveLines(count: number) {
      const lines: { buyerId: string; orderId: string; bindingId: string }[] = [];
      for (let i = 0; i < count; i += 1) {
        const buyer = await makeBuyer(db, { list: "allow" });
        await turnProtectionOn(db, { buyerId: buyer.id, now: new Date() });
        const placed = await placeOrder(db, { ...SAMPLE_ORDER, buyerId: buyer.id, merchantId, now: new Date() });
        if (placed.protection !== "protected") throw new Error("the pool ran out");
        const [row] = await db
          .select({ bindingId: providerBindings.bindingId })
          .from(providerBindings)
          .innerJoin(bindings, eq(bindings.id, providerBindings.bindingId))
          .where(eq(bindings.orderId, placed.orderId));
        lines.push({ buyerId: buyer.id, orderId: placed.orderId, bindingId: row.bindingId });
      }
      const deadline = Date.now() + 60_000;
      while (lines.some((l) => fake.liveByOutId(l.bindingId).length !== 1)) {
        if (Date.now() > deadline) throw new Error("lines were not bound at the fake within 60 s");
        await sleep(50);
      }
      return lines.map((l) => ({ ...l, subsId: fake.liveByOutId(l.bindingId)[0].subsId }));
    }

    const unboundAt = (subsId: string) =>
      fake.events.find((e) => e.action === "UnbindSubscription" && e.code === "OK" && e.subsId === subsId)?.at;

    async function waitUnbound(subsIds: string[], ms: number) {
      const deadline = Date.now() + ms;
      while (subsIds.some((id) => unboundAt(id) === undefined)) {
        if (Date.now() > deadline) throw new Error("lines were not unbound in time");
        await sleep(20);
      }
    }

    // Normal running.
    const normalLines = await liveLines(LINES);
    const ended: { subsId: string; at: number }[] = [];
    for (const line of normalLines) {
      const at = Date.now();
      const result = await endLineEarly(db, { buyerId: line.buyerId, orderId: line.orderId, now: new Date() });
      if (!result.ok) throw new Error("End now failed");
      ended.push({ subsId: line.subsId, at });
      await sleep(100);
    }
    await waitUnbound(
      ended.map((e) => e.subsId),
      60_000,
    );
    const normal = stats(ended.map((e) => (unboundAt(e.subsId) as number) - e.at));

    // An outage of OUTAGE_S seconds, lines ended during it.
    const outageLines = await liveLines(LINES);
    fake.down("5xx");
    const outageStart = Date.now();
    const endedInOutage: { subsId: string; at: number }[] = [];
    const spacing = Math.min(500, (OUTAGE_S * 1000) / 2 / LINES);
    for (const line of outageLines) {
      const at = Date.now();
      const result = await endLineEarly(db, { buyerId: line.buyerId, orderId: line.orderId, now: new Date() });
      if (!result.ok) throw new Error("End now failed during the outage");
      endedInOutage.push({ subsId: line.subsId, at });
      await sleep(spacing);
    }
    const stillLive = outageLines.filter((l) => fake.liveByOutId(l.bindingId).length === 1).length;
    await sleep(Math.max(0, outageStart + OUTAGE_S * 1000 - Date.now()));
    fake.up();
    const recovered = Date.now();
    await waitUnbound(
      endedInOutage.map((e) => e.subsId),
      120_000,
    );
    const afterRecovery = stats(endedInOutage.map((e) => (unboundAt(e.subsId) as number) - recovered));
    const endToUnbind = stats(endedInOutage.map((e) => (unboundAt(e.subsId) as number) - e.at));
    const ceiling = normal.p99 + MAX_RETRY_DELAY_MS + POLL_MS;

    console.info(`machine: ${machine()}; ${LINES} lines a phase; outage ${OUTAGE_S} s (5xx)`);
    console.info(
      `normal: End now → unbind at the fake: p50 ${normal.p50} ms, p99 ${normal.p99} ms, max ${normal.max} ms`,
    );
    console.info(
      `outage: lines still bound at the fake during it: ${stillLive}/${LINES} (nothing got through); recovery → unbind: p50 ${afterRecovery.p50} ms, p99 ${afterRecovery.p99} ms (ceiling ${ceiling} ms: normal p99 + longest retry delay + poll interval)`,
    );
    console.info(`outage: End now → unbind: p50 ${endToUnbind.p50} ms, p99 ${endToUnbind.p99} ms`);
    console.info(`fake: ${fake.rejected} request(s) refused for their signature`);
    console.info(
      `RESULT ${JSON.stringify({ lines: LINES, outageS: OUTAGE_S, normal, afterRecovery, endToUnbind, ceiling, rejected: fake.rejected })}`,
    );
  } finally {
    await worker.stop();
    await handle.close();
    await fake.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
