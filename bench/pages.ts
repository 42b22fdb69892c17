/**
 * The pages a buyer waits for, each as a ratio of the app's own ceilings measured in the same run: the
 * bare route (`/api/health`, one `select 1`) and a static asset (a `/_next/static` chunk, no app code).
 * Starts `next start` here (run `npx next build` first) on a fresh embedded database (`--db=embedded`, the
 * default) or a fresh database on the PostgreSQL server (`--db=server`), seeded with the demo data, and
 * measures at concurrency 8: `/sign-in` anonymous, `/` signed in (the session check and a redirect),
 * `/orders`, `/pickup`, `/privacy`, and a signed relay call (`POST /api/relay/call`). In each of `--runs`
 * rounds every row is measured once, with the bare route measured just before and just after it; its
 * ratio is (row req/s) / (mean of those two), so a machine that gets busier mid-run moves both, and the
 * figure reported is the median over the rounds.
 *
 *   npx tsx --conditions=react-server bench/pages.ts [--db=embedded|server] [--seconds=5] [--runs=3] [--port=3610]
 *     [--only=/orders] [--profile=/tmp/prof]   (then: npx tsx bench/profile-split.ts /tmp/prof/*.cpuprofile)
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { vapidEnv } from "../lib/reminders/vapid";
import { median, numberArg, signIn, waitFor } from "./common";

const mode = process.argv.find((arg) => arg.startsWith("--db="))?.slice(5) ?? "embedded";
if (mode !== "embedded" && mode !== "server") throw new Error(`--db=${mode}: embedded or server`);
const seconds = numberArg("seconds", 5);
const runs = numberArg("runs", 3);
const port = numberArg("port", mode === "embedded" ? 3610 : 3611);
const connections = 8;
// --profile=DIR: the server runs under `node --cpu-prof`, its profile written to DIR when it stops;
// --only=NAME: measure only the rows whose name contains NAME (the bare route always).
const profileDir = process.argv.find((arg) => arg.startsWith("--profile="))?.slice(10);
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice(7);
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
const { freshServerDb } = await import("./common");
const { migrateDb, openDb } = await import("@/lib/db/client");
const { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } = await import("@/lib/demo/seed");
const { signRelayRequest } = await import("@/lib/relay/sign");
const { sql } = await import("drizzle-orm");

type Line = { host: string; extension: string; caller: string };
/** A live line of the demo buyer and a merchant allowed to call it: what the relay forwards. */
const LINE_SQL = sql`
  select h.number as host, s.extension, m.phone as caller
  from bindings b join slots s on s.id = b.slot_id join host_numbers h on h.id = s.host_id
  join orders o on o.id = b.order_id join merchants m on m.id = o.merchant_id
  join users u on u.id = b.buyer_id
  where u.email = ${DEMO_ACCOUNTS.buyer.email} and b.ended_at is null and (b.ends_at is null or b.ends_at > now())
  order by b.bound_at desc limit 1`;

const dataDir = mkdtempSync(path.join(tmpdir(), "onp-bench-pages-"));
let line: Line;
let serverEnv: Record<string, string>;
let dropServerDb = async () => {};
{
  // Seeded here, before the server starts: PGlite is one process's, and the bench needs a live line.
  const server = mode === "server" ? await freshServerDb({ max: 2 }) : null;
  const handle = server ?? (await openDb({ dataDir: path.join(dataDir, "pglite") }));
  if (!server) await migrateDb(handle);
  await seedDemo(handle.db, new Date());
  const result = await handle.db.execute(LINE_SQL);
  const rows = (Array.isArray(result) ? result : (result as { rows: Line[] }).rows) as Line[];
  if (!rows[0]) throw new Error("the demo seed gave the demo buyer no live line");
  line = rows[0];
  if (server) {
    serverEnv = { DATABASE_URL: server.url };
    await server.db.execute(sql`vacuum analyze`);
    const { close } = server;
    dropServerDb = close;
  } else {
    serverEnv = { DATABASE_URL: "" };
    await handle.close();
  }
}

type Row = {
  name: string;
  ceiling?: boolean;
  rps: number;
  p50: number;
  p99: number;
  ratio: number | null;
  /** Answers other than the expected status, errors and timeouts, over all rounds. */
  bad: number;
};
const log: string[] = [];
const child = spawn(
  process.execPath,
  [
    ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
    "node_modules/next/dist/bin/next",
    "start",
    "-p",
    String(port),
    "-H",
    "127.0.0.1",
  ],
  {
    env: {
      ...process.env,
      ...env,
      ...serverEnv,
      DATA_DIR: dataDir,
      AUTH_TRUST_HOST: "true",
      SIGN_IN_LIMIT_PER_IP: "100000",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  },
);
child.stdout?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
child.stderr?.on("data", (chunk: Buffer) => log.push(chunk.toString()));

const rows: Row[] = [];
const load = [loadavg()[0]];
try {
  await waitFor(`${base}/api/health`, 120_000, log);
  const cookie = await signIn(base, DEMO_ACCOUNTS.buyer.email, DEMO_PASSWORD);
  const signInHtml = await (await fetch(`${base}/sign-in`)).text();
  const asset = signInHtml.match(/\/_next\/static\/[^"']+\.js/)?.[0];
  if (!asset) throw new Error("no /_next/static script on /sign-in");

  const relayRequest = () => {
    const body = JSON.stringify({ to: line.host, extension: line.extension, from: line.caller });
    return {
      method: "POST" as const,
      path: "/api/relay/call",
      body,
      headers: signRelayRequest({ secret: env.RELAY_SIGNING_SECRET, body }),
    };
  };
  type Target = {
    name: string;
    ceiling?: boolean;
    options: autocannon.Options;
    status: number;
    check?: (body: string) => boolean;
  };
  const page = (name: string, route: string, text: string): Target => ({
    name,
    options: { url: `${base}${route}`, headers: { cookie } },
    status: 200,
    check: (body) => body.includes(text),
  });
  const targets: Target[] = [
    { name: "bare route /api/health", ceiling: true, options: { url: `${base}/api/health` }, status: 200 },
    { name: "static asset", ceiling: true, options: { url: `${base}${asset}` }, status: 200 },
    { name: "/sign-in, anonymous", options: { url: `${base}/sign-in` }, status: 200 },
    { name: "/ signed in (session check, redirect)", options: { url: `${base}/`, headers: { cookie } }, status: 307 },
    page("/orders", "/orders", "Order"),
    page("/pickup", "/pickup", "Pickup"),
    page("/privacy", "/privacy", "Privacy"),
    {
      name: "signed relay call",
      options: {
        url: base,
        requests: [
          { method: "POST", path: "/api/relay/call", setupRequest: (r: object) => ({ ...r, ...relayRequest() }) },
        ],
      },
      status: 200,
      check: (body) => body.includes('"forward"'),
    },
  ];
  if (only) targets.splice(1, targets.length, ...targets.slice(1).filter((target) => target.name.includes(only)));
  // Each answers as measured: a page signed in (not a redirect to sign-in), the relay forwarding.
  for (const target of targets) {
    const probe = target.options.requests
      ? relayRequest()
      : { method: "GET" as const, path: "", headers: {}, body: undefined };
    const url = target.options.requests ? `${base}${probe.path}` : String(target.options.url);
    // The first relay decision on a cold, loaded server can outlive its deadline (503): a few tries.
    let response: Response | undefined;
    let body = "";
    for (let attempt = 0; attempt < 5 && response?.status !== target.status; attempt += 1) {
      const request = target.options.requests ? relayRequest() : probe;
      response = await fetch(url, {
        method: request.method,
        headers: { ...(target.options.headers as Record<string, string> | undefined), ...request.headers },
        body: request.body,
        redirect: "manual",
      });
      body = await response.text();
    }
    if (!response) throw new Error(`${target.name}: no answer`);
    if (response.status !== target.status || (target.check && !target.check(body)))
      throw new Error(`${target.name}: answered ${response.status} ${body.slice(0, 200)}`);
    await autocannon({ ...target.options, connections, duration: 1 }); // warm-up
  }

  const samples = new Map<string, { rps: number; p50: number; p99: number; bad: number }[]>();
  const ratios = new Map<string, number[]>();
  const measure = async (target: Target) => {
    const result = await autocannon({ ...target.options, connections, duration: seconds });
    const bad = result.errors + result.timeouts + (target.status === 200 ? result.non2xx : result["2xx"]);
    if (bad > 0) console.warn(`${target.name}: ${bad} answers were not ${target.status} (errors or timeouts included)`);
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad };
  };
  const record = (target: Target, sample: Awaited<ReturnType<typeof measure>>, ratio: number) => {
    samples.set(target.name, [...(samples.get(target.name) ?? []), sample]);
    ratios.set(target.name, [...(ratios.get(target.name) ?? []), ratio]);
    console.info(
      `round ${ratios.get(target.name)?.length} ${target.name}: ${sample.rps} req/s, p50 ${sample.p50} ms, p99 ${sample.p99} ms, ratio ${ratio.toFixed(2)}`,
    );
  };
  // The bare route is measured before and after every row: each ratio is to the mean of the two.
  const [bareTarget, ...others] = targets;
  for (let round = 0; round < runs; round += 1) {
    let before = await measure(bareTarget);
    record(bareTarget, before, 1);
    for (const target of others) {
      const sample = await measure(target);
      const after = await measure(bareTarget);
      record(target, sample, sample.rps / ((before.rps + after.rps) / 2));
      before = after;
    }
    load.push(loadavg()[0]);
  }
  for (const target of targets) {
    const list = samples.get(target.name) ?? [];
    rows.push({
      name: target.name,
      ceiling: target.ceiling,
      rps: Math.round(median(list.map((s) => s.rps))),
      p50: median(list.map((s) => s.p50)),
      p99: median(list.map((s) => s.p99)),
      ratio: target === targets[0] ? null : Number(median(ratios.get(target.name) ?? []).toFixed(2)),
      bad: list.reduce((sum, s) => sum + s.bad, 0),
    });
  }
} finally {
  // A server that already exited (it failed to start) sends no second "exit".
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  await dropServerDb();
  rmSync(dataDir, { recursive: true, force: true });
}
const loadAverage = load.map((l) => l.toFixed(1)).join(" → ");
console.info(`load average (1 min) over the run: ${loadAverage}`);
console.info(`RESULT ${JSON.stringify({ bench: "pages", db: mode, connections, runs, seconds, loadAverage, rows })}`);
