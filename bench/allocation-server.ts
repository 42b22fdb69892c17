/**
 * Allocation on the real PostgreSQL server: N workers (default 64), each on its own connection, place
 * orders through placeOrder (which allocates a line) for D seconds at each pool size. Duplicates are
 * counted in SQL afterwards. Each pool size gets its own database, created and dropped here.
 *
 *   npx tsx --conditions=react-server bench/allocation-server.ts [--workers=64] [--seconds=30] [--sizes=10000,100000,1000000]
 */
import postgres from "postgres";
import { couriers, merchants } from "@/lib/db/schema";
import { SEED_COURIERS, SEED_MERCHANTS } from "@/lib/demo/seed";
import { EXTENSIONS_PER_HOST } from "@/lib/operator/hosts";
import { placeOrder } from "@/lib/protection/orders";
import { freshServerDb, insertBuyersSql, insertPoolSql, numberArg, occupySql, percentile } from "./common";

const workers = numberArg("workers", 64);
const seconds = numberArg("seconds", 30);
const connections = numberArg("connections", workers);
const sizesFlag = process.argv.find((arg) => arg.startsWith("--sizes="));
const sizes = sizesFlag ? sizesFlag.slice(8).split(",").map(Number) : [10_000, 100_000, 1_000_000];

export type AllocationPoint = {
  slots: number;
  bound: number;
  cooling: number;
  free: number;
  workers: number;
  seconds: number;
  bindings: number;
  perSecond: number;
  p50: number;
  p99: number;
  duplicates: number;
  errors: number;
  capped: boolean;
  pickPlan: string;
};

async function measure(size: number): Promise<AllocationPoint> {
  const occupied = size >= 1_000_000 ? 100_000 : 0;
  const handle = await freshServerDb({ max: connections });
  try {
    const setup = postgres(handle.url, { max: 1, onnotice: () => {} });
    await handle.db.insert(merchants).values(SEED_MERCHANTS);
    await handle.db.insert(couriers).values(SEED_COURIERS);
    await setup.unsafe(insertBuyersSql(workers + 1, "w"));
    await setup.unsafe(insertPoolSql(size / EXTENSIONS_PER_HOST));
    if (occupied)
      await setup.unsafe(
        occupySql({ bound: occupied, cooling: occupied, buyerEmail: `bench-w-${workers + 1}@example.com` }),
      );
    await setup.unsafe("vacuum analyze");
    const buyers = (await setup<{ id: string }[]>`select id from users order by email`)
      .map((row) => row.id)
      .slice(0, workers);
    const [{ id: merchantId }] = await setup<{ id: number }[]>`select min(id)::int as id from merchants`;
    const [{ free }] = await setup<
      { free: number }[]
    >`select count(*)::int as free from slots where available_at <= now()`;
    // Never drain more than half the free pool: past that the run would measure an emptying pool, not a pool of this size.
    const cap = Math.floor(free / 2);

    // Open every connection before the clock starts.
    await Promise.all(Array.from({ length: workers }, () => handle.db.execute("select 1" as never)));
    const latencies: number[] = [];
    let bound = 0;
    let errors = 0;
    const errorKinds = new Map<string, number>();
    let capped = false;
    const runStart = new Date();
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      buyers.map(async (buyerId) => {
        while (performance.now() < until) {
          if (bound >= cap) {
            capped = true;
            return;
          }
          const t0 = performance.now();
          try {
            const placed = await placeOrder(handle.db, {
              buyerId,
              merchantId,
              item: "bench",
              amountCents: 100,
              recipientName: "Bench",
              address: "1 Bench Road",
              now: new Date(),
            });
            latencies.push(performance.now() - t0);
            if (placed.protection === "protected") bound += 1;
          } catch (error) {
            errors += 1;
            const cause = (error as { cause?: { code?: string; message?: string } }).cause;
            const what = `${cause?.code ?? ""} ${cause?.message ?? String(error)}`.trim();
            errorKinds.set(what, (errorKinds.get(what) ?? 0) + 1);
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    for (const [what, count] of errorKinds) console.info(`  error × ${count}: ${what.slice(0, 200)}`);
    const [{ duplicates }] = await setup<{ duplicates: number }[]>`
      select count(*)::int as duplicates from (
        select b.slot_id from bindings b where b.slot_id in (select slot_id from bindings where bound_at >= ${runStart})
        group by b.slot_id having count(*) > 1) d`;
    const [{ held }] = await setup<{ held: number }[]>`
      select count(*)::int as held from (select slot_id from bindings where holds_slot group by slot_id having count(*) > 1) d`;
    // The pick of allocate.ts, written out: a random start on slots_rand_key_idx, skipping taken rows,
    // wrapping round in a second branch that runs only when the first found nothing.
    const start = Math.floor(Math.random() * 2 ** 31);
    const freeSlot = (
      from: string,
    ) => `select s.id, s.extension, h.number from slots s join host_numbers h on h.id = s.host_id
       where s.available_at <= now() and h.status = 'active' and ${from} order by s.rand_key limit 1 for update of s skip locked`;
    const plan = await setup.unsafe<{ "QUERY PLAN": string }[]>(
      `explain (analyze, costs off, timing off, summary on)
       select * from (${freeSlot(`s.rand_key >= ${start}`)}) past union all select * from (${freeSlot(`s.rand_key < ${start}`)}) wrapped limit 1`,
    );
    const [{ made }] = await setup<
      { made: number }[]
    >`select count(*)::int as made from bindings where bound_at >= ${runStart}`;
    await setup.end();
    latencies.sort((a, b) => a - b);
    return {
      slots: size,
      bound: occupied,
      cooling: occupied,
      free,
      workers,
      seconds: Number(elapsed.toFixed(1)),
      bindings: made,
      perSecond: Math.round(made / elapsed),
      p50: Number(percentile(latencies, 50).toFixed(1)),
      p99: Number(percentile(latencies, 99).toFixed(1)),
      duplicates: duplicates + held + (made === bound ? 0 : Math.abs(made - bound)),
      errors,
      capped,
      pickPlan: plan.map((row) => row["QUERY PLAN"]).join("\n"),
    };
  } finally {
    await handle.close();
  }
}

const points: AllocationPoint[] = [];
for (const size of sizes) {
  const point = await measure(size);
  points.push(point);
  console.info(
    `pool ${size.toLocaleString("en")} slots (${point.bound} bound, ${point.cooling} cooling): ${point.perSecond} bindings/s, p50 ${point.p50} ms, p99 ${point.p99} ms, ${point.bindings} bindings in ${point.seconds} s${point.capped ? " (stopped at half the free pool)" : ""}, duplicates ${point.duplicates}, errors ${point.errors}`,
  );
}
const largest = points.at(-1);
if (largest) console.info(`\nEXPLAIN the pick at ${largest.slots.toLocaleString("en")} slots:\n${largest.pickPlan}`);
console.info(`RESULT ${JSON.stringify({ bench: "allocation-server", points })}`);
