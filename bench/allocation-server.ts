/**
 * Allocation on the real PostgreSQL server: N workers (default 64), each on its own connection, place
 * orders through placeOrder (which allocates a line) for D seconds at each pool size. Duplicates are
 * counted in SQL afterwards. Each pool size gets its own database, created and dropped here.
 *
 * Then the ceiling, in the same run: `pgbench` running the allocation statement itself (the SQL
 * placeOrder sends, captured from the driver, as a prepared statement) with as many clients, on a fresh
 * database with the same pool (`--pgbench-size`, default 100,000 slots), and `pgbench` with one single-row
 * insert per commit (the raw commit ceiling of this server and disk). The app's rate at that pool size,
 * divided by the first, is what Node, the driver and the app add.
 *
 *   npx tsx --conditions=react-server bench/allocation-server.ts [--workers=64] [--seconds=30] [--sizes=10000,100000,1000000] [--pgbench-size=100000]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/lib/db/schema";
import { couriers, merchants } from "@/lib/db/schema";
import { SEED_COURIERS, SEED_MERCHANTS } from "@/lib/demo/seed";
import { EXTENSIONS_PER_HOST } from "@/lib/operator/hosts";
import { placeOrder } from "@/lib/protection/orders";
import {
  benchBuyerIdSql,
  freshServerDb,
  insertBuyersSql,
  insertPoolSql,
  numberArg,
  occupySql,
  percentile,
} from "./common";

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

const occupiedAt = (size: number) => (size >= 1_000_000 ? 100_000 : 0);

/** Merchants, couriers, `workers` buyers (and a filler one), and a pool of `size` slots in long use. */
async function preparePool(handle: { db: Parameters<typeof placeOrder>[0] }, setup: postgres.Sql, size: number) {
  const occupied = occupiedAt(size);
  await handle.db.insert(merchants).values(SEED_MERCHANTS);
  await handle.db.insert(couriers).values(SEED_COURIERS);
  await setup.unsafe(insertBuyersSql(workers + 1, "w"));
  await setup.unsafe(insertPoolSql(size / EXTENSIONS_PER_HOST));
  if (occupied)
    await setup.unsafe(
      occupySql({ bound: occupied, cooling: occupied, buyerEmail: `bench-w-${workers + 1}@example.com` }),
    );
  await setup.unsafe("vacuum analyze");
}

async function measure(size: number): Promise<AllocationPoint> {
  const occupied = occupiedAt(size);
  const handle = await freshServerDb({ max: connections });
  try {
    const setup = postgres(handle.url, { max: 1, onnotice: () => {} });
    await preparePool(handle, setup, size);
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

type Pgbench = { tps: number; latencyMs: number; failed: number; transactions: number };

/** Runs pgbench with `script` at `workers` clients for `seconds`; tps without the connection time. */
function pgbench(url: string, script: string, name: string): Pgbench {
  const dir = mkdtempSync(path.join(tmpdir(), "onp-pgbench-"));
  try {
    const file = path.join(dir, `${name}.sql`);
    writeFileSync(file, script);
    const args = ["-n", "-M", "prepared", "-c", String(workers), "-j", "2", "-T", String(seconds), "-f", file, url];
    const run = spawnSync(process.env.PGBENCH || "pgbench", args, { encoding: "utf8" });
    const out = `${run.stdout ?? ""}${run.stderr ?? ""}`;
    const tps = out.match(/tps = ([\d.]+) \(without initial connection time\)/);
    if (run.status !== 0 || !tps) throw new Error(`pgbench ${name} failed (exit ${run.status}):\n${out}`);
    return {
      tps: Math.round(Number(tps[1])),
      latencyMs: Number(out.match(/latency average = ([\d.]+) ms/)?.[1] ?? Number.NaN),
      failed: Number(out.match(/number of failed transactions: (\d+)/)?.[1] ?? 0),
      transactions: Number(out.match(/number of transactions actually processed: (\d+)/)?.[1] ?? 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A literal for a captured parameter that is the same in every placement. */
const literal = (value: unknown) =>
  typeof value === "number" ? String(value) : `'${String(value).replaceAll("'", "''")}'`;

/**
 * The statement placeOrder sends, as the driver sent it (captured through postgres.js's `debug`), with
 * its parameters as pgbench variables: a fresh order id and order number per transaction, the client's
 * own buyer, `now()` for the time, the rest (merchant, item, amounts) as literals.
 */
async function allocationScript(url: string): Promise<string> {
  const seen: { query: string; params: unknown[] }[] = [];
  const traced = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_c, query, params) => seen.push({ query, params: params as unknown[] }),
  });
  try {
    const db = drizzle(traced, { schema }) as unknown as Parameters<typeof placeOrder>[0];
    const [{ id: buyerId }] = await traced<{ id: string }[]>`select ${traced.unsafe(benchBuyerIdSql("w", "1"))} as id`;
    const [{ id: merchantId }] = await traced<{ id: number }[]>`select min(id)::int as id from merchants`;
    const now = new Date();
    seen.length = 0;
    const placed = await placeOrder(db, {
      buyerId,
      merchantId,
      item: "bench",
      amountCents: 100,
      recipientName: "Bench",
      address: "1 Bench Road",
      now,
    });
    const statement = seen.find((q) => /insert into orders/i.test(q.query));
    if (!statement || placed.protection !== "protected") throw new Error("could not capture the allocation statement");
    const [{ order_no: orderNo }] = await traced<
      { order_no: string }[]
    >`select order_no from orders where id = ${placed.orderId}::uuid`;
    // The pick's random start on slots_rand_key_idx, drawn afresh by each placement.
    const starts = new Set([...statement.query.matchAll(/rand_key [<>]=? \$(\d+)/g)].map((m) => Number(m[1])));
    if (starts.size === 0) throw new Error("the allocation statement has no random start on rand_key");
    let text = statement.query;
    for (let n = statement.params.length; n >= 1; n -= 1) {
      const value = statement.params[n - 1];
      const expression = starts.has(n)
        ? ":start::int"
        : value === placed.orderId
          ? "('00000000-0000-4000-8000-' || lpad(to_hex(:order::bigint), 12, '0'))"
          : value === buyerId
            ? `(${benchBuyerIdSql("w", ":client_id::int + 1")})::text`
            : value === orderNo
              ? "(to_char(now(), 'YYYYMMDD') || lpad(:no::text, 9, '0'))"
              : value === now.toISOString()
                ? "(now()::text)"
                : literal(value);
      text = text.replaceAll(new RegExp(`\\$${n}(?!\\d)`, "g"), expression);
    }
    return `\\set order random(1, 281474976710655)\n\\set no random(0, 999999999)\n\\set start random(0, 2147483646)\n${text.replace(/\s+/g, " ").trim()};\n`;
  } finally {
    await traced.end();
  }
}

const pgbenchSize = numberArg("pgbench-size", 100_000);
let ceiling: { slots: number; statement: Pgbench; bound: number; insert: Pgbench; app: number | null } | null = null;
if (pgbenchSize > 0) {
  const handle = await freshServerDb({ max: 2 });
  try {
    const setup = postgres(handle.url, { max: 1, onnotice: () => {} });
    await preparePool(handle, setup, pgbenchSize);
    const script = allocationScript(handle.url);
    const text = await script;
    console.info(`\npgbench script of the allocation statement:\n${text}`);
    const [{ before }] = await setup<{ before: number }[]>`select count(*)::int as before from bindings`;
    const statement = pgbench(handle.url, text, "allocation");
    const [{ after }] = await setup<{ after: number }[]>`select count(*)::int as after from bindings`;
    await setup.unsafe("create table bench_insert (id bigserial primary key, at timestamptz not null default now())");
    const insert = pgbench(handle.url, "insert into bench_insert default values;\n", "insert");
    await setup.end();
    const app = points.find((p) => p.slots === pgbenchSize)?.perSecond ?? null;
    ceiling = { slots: pgbenchSize, statement, bound: after - before, insert, app };
    console.info(
      `pgbench, the allocation statement, ${workers} clients, ${pgbenchSize.toLocaleString("en")} slots: ${statement.tps} tps, latency ${statement.latencyMs} ms, ${statement.failed} failed, ${after - before} lines bound of ${statement.transactions}`,
    );
    console.info(
      `pgbench, one single-row insert per commit, ${workers} clients: ${insert.tps} tps, latency ${insert.latencyMs} ms`,
    );
    if (app) console.info(`app / pgbench of the same statement: ${(app / statement.tps).toFixed(2)}`);
  } finally {
    await handle.close();
  }
}
console.info(`RESULT ${JSON.stringify({ bench: "allocation-server", points, ceiling })}`);
