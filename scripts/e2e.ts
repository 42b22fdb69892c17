/**
 * `npm run test:e2e`: Playwright against the production build, then the leak scan. With a PostgreSQL
 * server (TEST_DATABASE_URL; `embedded` starts one from npm) on a fresh `onp_e2e_…` database, seeded,
 * dumped and dropped afterwards (E2E_KEEP_DB=1 keeps it); E2E_DATABASE_URL names one to use as it is;
 * neither: embedded PGlite. With E2E_BASE_URL: the flows against that running server, nothing started,
 * no database touched.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { vapidEnv } from "../lib/reminders/vapid";
import { ensureBrowser } from "./browser";
import { leakScan } from "./leak-scan";
import { resolveTestServer, type TestServer } from "./postgres";

/** `--project phone` names both phone projects (playwright.config.ts). */
function expandProjects(args: string[]): string[] {
  return args.flatMap((arg, i) => {
    if (arg === "--project=phone") return ["--project=phone-android", "--project=phone-iphone"];
    if (arg === "phone" && args[i - 1] === "--project") return ["phone-android", "--project", "phone-iphone"];
    return [arg];
  });
}

const args = expandProjects(process.argv.slice(2));
const remote = process.env.E2E_BASE_URL;
const filtered = args.some((arg) => /^(-g|--grep|--project)/.test(arg) || !arg.startsWith("-"));
// Regenerating baselines (`--update-snapshots`) or listing tests needs no leak scan to mean anything.
const scan = !remote && !args.includes("--list");

await ensureBrowser();
if (!remote && !existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first (npm test does it for you).");
  process.exit(1);
}
if (!remote && !existsSync("public/sw.js")) {
  console.error("No service worker: run `npm run build` (next build, then serwist build) first.");
  process.exit(1);
}

const vapidPair = vapidEnv();
/** What the app requires with DATABASE_URL set (lib/env.ts, lib/relay/secrets.ts, lib/reminders/vapid.ts); the environment's own win. */
const SECRETS: Record<string, () => string> = {
  AUTH_SECRET: () => randomBytes(32).toString("base64"),
  PHONE_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  PHONE_HASH_KEY: () => randomBytes(32).toString("base64"),
  RELAY_SIGNING_SECRET: () => `whsec_${randomBytes(32).toString("base64")}`,
  TWILIO_AUTH_TOKEN: () => randomBytes(16).toString("hex"),
  VAPID_PUBLIC_KEY: () => vapidPair.VAPID_PUBLIC_KEY,
  VAPID_PRIVATE_KEY: () => vapidPair.VAPID_PRIVATE_KEY,
};

async function onServer(url: string, statement: string): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

type ServerDb = { url: string; label: string; drop?: () => Promise<void> };

let embedded: TestServer | undefined;

async function serverDatabase(): Promise<ServerDb | undefined> {
  const explicit = process.env.E2E_DATABASE_URL;
  if (explicit) return { url: explicit, label: `${new URL(explicit).pathname.slice(1)} (E2E_DATABASE_URL, kept)` };
  if (process.env.TEST_DATABASE_URL === "embedded") {
    embedded = await resolveTestServer("embedded");
    process.env.TEST_DATABASE_URL = embedded.url;
    console.info(`[database] ${embedded.label}`);
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  const name = `onp_e2e_${randomBytes(6).toString("hex")}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    await onServer(base, `create database ${name}`);
  } catch (error) {
    console.error(`[e2e] could not create a database on the TEST_DATABASE_URL server (${String(error)}).`);
    await embedded?.stop();
    process.exit(1);
  }
  return {
    url: url.toString(),
    label: `${name} on ${url.host}`,
    drop: () => onServer(base, `drop database if exists ${name} with (force)`),
  };
}

// A fresh data folder for every run: the embedded database, or with a server only the buyers list.
const dataDir = path.resolve(".data-e2e", `run-${Date.now()}`);
if (!remote) {
  rmSync(path.dirname(dataDir), { recursive: true, force: true });
  mkdirSync(path.dirname(dataDir), { recursive: true });
}

const server = remote ? undefined : await serverDatabase();
const env: NodeJS.ProcessEnv = { ...process.env, E2E_FILTERED: filtered ? "1" : "" };
if (!remote) env.E2E_DATA_DIR = dataDir;
if (server) {
  // Playwright starts the web server with its own environment plus the config's `env`, and its
  // workers with its own too: the server and e2e/relay.ts both see these.
  for (const [name, generate] of Object.entries(SECRETS)) env[name] = process.env[name] || generate();
  env.E2E_DATABASE_URL = server.url;
}
console.info(
  remote
    ? `[e2e] against ${remote}: no server started, no database touched; buyers sign up as a user would`
    : `[e2e] ${server ? `database: ${server.label}` : `data: ${dataDir} (PGlite)`}`,
);
// Ctrl+C reaches Playwright as well: let it stop, then drop the database below.
process.on("SIGINT", () => console.info("[e2e] interrupted: stopping"));

/** Playwright's output is kept as well as shown: the leak scan reads the server's lines afterwards. */
async function playwright(output: string[]): Promise<number> {
  const child = spawn("npx", ["playwright", "test", ...args], { stdio: ["inherit", "pipe", "pipe"], env });
  for (const [stream, sink] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    stream.on("data", (chunk: Buffer) => {
      sink.write(chunk);
      output.push(chunk.toString());
    });
  }
  return new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

type Suite = {
  suites?: Suite[];
  specs?: { tests: { status: string; annotations: { type: string; description?: string }[] }[] }[];
};

/** Against another server, what was skipped and why, counted: the list reporter does not say. */
function skipReasons() {
  if (!existsSync(".test-results/playwright.json")) return;
  const reasons = new Map<string, number>();
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests)
        if (t.status === "skipped")
          for (const a of t.annotations.filter((a) => a.type === "skip"))
            reasons.set(a.description ?? "skipped", (reasons.get(a.description ?? "skipped") ?? 0) + 1);
    for (const child of suite.suites ?? []) walk(child);
  };
  walk(JSON.parse(readFileSync(".test-results/playwright.json", "utf8")) as Suite);
  for (const [reason, count] of reasons) console.info(`[e2e] skipped ${count}: ${reason}`);
}

let status = 1;
try {
  // The server only migrates a server database at start; the demo world comes from the CLI.
  const seeded = server
    ? spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/db.ts", "seed"], {
        stdio: "inherit",
        env: { ...env, DATABASE_URL: server.url },
      }).status
    : 0;
  if (seeded === 0) {
    const output: string[] = [];
    status = await playwright(output);
    if (scan) {
      const leaks = leakScan({
        log: output.join(""),
        dataDir,
        databaseUrl: server?.url,
      });
      if (status === 0 && leaks.length > 0) status = 1;
    }
    if (remote) skipReasons();
    console.info("[e2e] report: npx playwright show-report (HTML, with traces and screenshots of failures)");
  } else console.error("[e2e] seeding the server database failed");
} finally {
  if (server?.drop && process.env.E2E_KEEP_DB === "1") console.info(`[e2e] kept ${server.label} (E2E_KEEP_DB=1)`);
  else if (server?.drop) await server.drop().catch((error) => console.error(`[e2e] could not drop: ${error}`));
  await embedded?.stop();
}
process.exit(status);
