/**
 * HTTP against a production server started here (`next start` on the real PostgreSQL server, in a fresh
 * database created and dropped here; run `npx next build` first): the signed relay decision
 * (`POST /api/relay/call`) at concurrency 1 and 8, on a pool of 20,000 and then 1,000,000 slots, and
 * `/orders` signed in at concurrency 8 for a buyer with 25 orders and one with 10,000. Prints the
 * EXPLAIN of the relay's slot lookup and of the orders page query.
 *
 *   npx tsx --conditions=react-server bench/http.ts [--seconds=10] [--runs=3] [--port=3600]
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { vapidEnv } from "../lib/reminders/vapid";
import { median, numberArg, signIn, waitFor } from "./common";

const seconds = numberArg("seconds", 10);
const runs = numberArg("runs", 3);
const port = numberArg("port", 3600);
const base = `http://127.0.0.1:${port}`;

const env = {
  AUTH_SECRET: randomBytes(32).toString("base64"),
  PHONE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  PHONE_HASH_KEY: randomBytes(32).toString("base64"),
  RELAY_SIGNING_SECRET: `whsec_${randomBytes(32).toString("base64")}`,
  TWILIO_AUTH_TOKEN: randomBytes(16).toString("hex"),
  ...vapidEnv(),
};
Object.assign(process.env, env);

// Imported after the secrets are in the environment.
const { freshServerDb, insertBuyersSql, insertPoolSql, occupySql } = await import("./common");
const { createAccount } = await import("@/lib/accounts");
const { seedReferenceData } = await import("@/lib/demo/seed");
const { placeOrder } = await import("@/lib/protection/orders");
const { decodeCursor, listOrdersForBuyer } = await import("@/lib/protection/queries");
const { decideCall } = await import("@/lib/protection/relay");
const { signRelayRequest } = await import("@/lib/relay/sign");
const schema = await import("@/lib/db/schema");

type Measure = {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  runs: number;
};
const measures: Measure[] = [];
const explains: Record<string, string> = {};

const handle = await freshServerDb({ max: 4 });
const setup = postgres(handle.url, { max: 1, onnotice: () => {} });
let server: ReturnType<typeof spawn> | undefined;
try {
  await seedReferenceData(handle.db);
  const password = "bench-password-long-enough";
  const [{ id: merchantId }] = await setup<{ id: number }[]>`select min(id)::int as id from merchants`;
  const makeBuyer = async (email: string, phone: string) => {
    const made = await createAccount(handle.db, { name: "Bench Buyer", email, phone, password });
    if (!made.ok) throw new Error(`createAccount: ${made.field}`);
    await setup`insert into protection_settings (buyer_id, enabled) values (${made.account.id}, true)`;
    return made.account.id;
  };
  const small = await makeBuyer("bench-small@example.com", "13800138001");
  const big = await makeBuyer("bench-big@example.com", "13800138002");
  for (let i = 0; i < 25; i += 1) {
    await placeOrder(handle.db, {
      buyerId: small,
      merchantId,
      item: `Item ${i}`,
      amountCents: 1999,
      recipientName: "Li Wei",
      address: "1 Bench Road, Shanghai",
      now: new Date(),
    });
  }
  // 10,000 orders for the big buyer in SQL, the newest 5,000 with live lines.
  await setup.unsafe(`
    create temp table big_orders as
      select gen_random_uuid() as id, g as n from generate_series(1, 10000) g;
    insert into orders (id, order_no, buyer_id, merchant_id, item, amount_cents, recipient_name, address, protection, placed_at)
      select id, 'B' || lpad(n::text, 8, '0'), '${big}', ${merchantId}, 'Item ' || n, 1999, 'Li Wei', '1 Bench Road, Shanghai',
             case when n > 5000 then 'protected' else 'real_number' end, now() - (10001 - n) * interval '1 minute'
      from big_orders;
    create temp table big_slots as
      select id as slot_id, row_number() over () as n from (select id from slots where available_at <= now() order by random() limit 5000) picked;
    insert into bindings (slot_id, order_id, buyer_id, bound_at)
      select s.slot_id, o.id, '${big}', now() - interval '1 hour' from big_orders o join big_slots s on s.n = o.n - 5000;
    update slots set available_at = null where id in (select slot_id from big_slots);`);
  await setup.unsafe("vacuum analyze");
  const [line] = await setup<{ host: string; extension: string }[]>`
    select h.number as host, s.extension from bindings b join slots s on s.id = b.slot_id join host_numbers h on h.id = s.host_id
    where b.buyer_id = ${small} and b.ended_at is null limit 1`;
  const caller = "13900001111"; // the first seed merchant: a forwarded call with a merchant whisper

  server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: handle.url,
        AUTH_TRUST_HOST: "true",
        SIGN_IN_LIMIT_PER_IP: "100000",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const serverLog: string[] = [];
  server.stdout?.on("data", (chunk: Buffer) => serverLog.push(chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => serverLog.push(chunk.toString()));
  await waitFor(`${base}/api/health`, 60_000, serverLog);

  const relayRequest = () => {
    const body = JSON.stringify({ to: line.host, extension: line.extension, from: caller });
    return {
      method: "POST" as const,
      path: "/api/relay/call",
      body,
      headers: signRelayRequest({ secret: env.RELAY_SIGNING_SECRET, body }),
    };
  };
  const probe = relayRequest();
  const answer = await fetch(`${base}${probe.path}`, { method: "POST", body: probe.body, headers: probe.headers });
  const answered = await answer.text();
  if (answer.status !== 200 || !answered.includes('"forward"'))
    throw new Error(`relay probe: ${answer.status} ${answered}`);

  const cookieSmall = await signIn(base, "bench-small@example.com", password);
  const cookieBig = await signIn(base, "bench-big@example.com", password);
  for (const cookie of [cookieSmall, cookieBig]) {
    const page = await fetch(`${base}/orders`, { headers: { cookie }, redirect: "manual" });
    const html = await page.text();
    if (page.status !== 200 || !html.includes("Item"))
      throw new Error(`/orders with the session cookie answered ${page.status}`);
  }

  const relay = (connections: number) => ({
    url: base,
    connections,
    requests: [
      {
        method: "POST" as const,
        path: "/api/relay/call",
        setupRequest: (request: object) => ({ ...request, ...relayRequest() }),
      },
    ],
  });
  const ordersFor = (cookie: string) => ({ url: `${base}/orders`, connections: 8, headers: { cookie } });

  await bench("warm-up relay", relay(8), 1, 3);
  await bench("warm-up orders", ordersFor(cookieSmall), 1, 3);
  const record = (m: Measure) => m.runs > 0 && measures.push(m);
  record(await bench("relay call, 20,000 slots, c1", relay(1)));
  record(await bench("relay call, 20,000 slots, c8", relay(8)));
  record(await bench("/orders, 25 orders, c8", ordersFor(cookieSmall)));
  record(await bench("/orders, 10,000 orders, c8", ordersFor(cookieBig)));

  // Grow the pool to 1,000,000 slots with 100,000 lines bound and 100,000 cooling.
  await setup.unsafe(insertBuyersSql(1, "filler"));
  await setup.unsafe(insertPoolSql(98, 1));
  await setup.unsafe(occupySql({ bound: 100_000, cooling: 100_000, buyerEmail: "bench-filler-1@example.com" }));
  await setup.unsafe("vacuum analyze");
  const [{ total }] = await setup<{ total: number }[]>`select count(*)::int as total from slots`;
  console.info(`pool grown to ${total.toLocaleString("en")} slots`);
  await bench("warm-up relay", relay(8), 1, 3);
  record(await bench(`relay call, ${total.toLocaleString("en")} slots, c1`, relay(1)));
  record(await bench(`relay call, ${total.toLocaleString("en")} slots, c8`, relay(8)));

  // The plans, taken on the grown database, with the queries the app itself builds.
  const seen: { sql: string; params: unknown[] }[] = [];
  const traced = postgres(handle.url, {
    max: 1,
    onnotice: () => {},
    debug: (_c, query, params) => {
      if (!query.includes("pg_catalog")) seen.push({ sql: query, params: params as unknown[] });
    },
  });
  const tracedDb = drizzle(traced, { schema }) as never;
  await listOrdersForBuyer(tracedDb, { buyerId: big, now: new Date() }); // the driver's first type lookups
  seen.length = 0;
  const first = await listOrdersForBuyer(tracedDb, { buyerId: big, now: new Date() });
  const firstQueries = seen.length;
  const pageTwo = seen.length;
  await listOrdersForBuyer(tracedDb, { buyerId: big, now: new Date(), after: decodeCursor(first.nextCursor) });
  explains.ordersPage = await explain(seen[0].sql, seen[0].params);
  explains.ordersLines = await explain(seen[1].sql, seen[1].params);
  explains.ordersPageTwo = await explain(seen[pageTwo].sql, seen[pageTwo].params);
  explains.queriesPerPage = `first page: ${firstQueries} queries for ${first.items.length} rows; next page: ${seen.length - pageTwo} queries`;
  // Every read the relay decision makes, on the grown pool (one statement: slot, line, block list).
  seen.length = 0;
  await decideCall(tracedDb, { host: line.host, extension: line.extension, caller, now: new Date() });
  const reads = seen.filter((q) => /^\s*select/i.test(q.sql));
  for (const [i, q] of reads.entries()) explains[`relayRead${i + 1}`] = await explain(q.sql, q.params);
  await traced.end();
} finally {
  if (server) server.kill("SIGTERM");
  await setup.end();
  await handle.close();
}

for (const [name, plan] of Object.entries(explains)) console.info(`\nEXPLAIN ${name}:\n${plan}`);
console.info(`RESULT ${JSON.stringify({ bench: "http", measures, explains })}`);

async function explain(text: string, params: unknown[]): Promise<string> {
  const plan = await setup.unsafe<{ "QUERY PLAN": string }[]>(
    `explain (analyze, costs off, timing off, summary on) ${text}`,
    params as never[],
  );
  return plan.map((row) => row["QUERY PLAN"]).join("\n");
}

async function bench(name: string, options: autocannon.Options, count = runs, duration = seconds): Promise<Measure> {
  const results: autocannon.Result[] = [];
  if (runs === 0) count = 0; // --runs=0: set up, explain, measure nothing
  for (let i = 0; i < count; i += 1) results.push(await autocannon({ ...options, duration }));
  if (count === 0) return { name, connections: 0, rps: 0, p50: 0, p99: 0, non2xx: 0, errors: 0, runs: 0 };
  const measure = {
    name,
    connections: options.connections ?? 1,
    rps: Math.round(median(results.map((r) => r.requests.average))),
    p50: median(results.map((r) => r.latency.p50)),
    p99: median(results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    runs: count,
  };
  if (!name.startsWith("warm-up"))
    console.info(
      `${name}: ${measure.rps} req/s, p50 ${measure.p50} ms, p99 ${measure.p99} ms (median of ${count} × ${duration} s; non-2xx ${measure.non2xx}, errors ${measure.errors})`,
    );
  return measure;
}
