/**
 * `npm run test:e2e`: Playwright against the production build, then the leak scan. With a PostgreSQL
 * server (TEST_DATABASE_URL) on a fresh `onp_e2e_…` database, seeded, dumped and dropped afterwards
 * (E2E_KEEP_DB=1 keeps it); E2E_DATABASE_URL names one to use as it is; neither: embedded PGlite.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import postgres from "postgres";
import { NO_BROWSER_HELP, systemChromium } from "./browser";
import { leakScan } from "./leak-scan";

const browser = systemChromium();
if (!browser && !existsSync(chromium.executablePath())) {
  console.error(NO_BROWSER_HELP);
  process.exit(1);
}
if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first (npm test does it for you).");
  process.exit(1);
}

/** What the app requires with DATABASE_URL set (lib/env.ts, lib/relay/secrets.ts); the environment's own win. */
const SECRETS: Record<string, () => string> = {
  AUTH_SECRET: () => randomBytes(32).toString("base64"),
  PHONE_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  PHONE_HASH_KEY: () => randomBytes(32).toString("base64"),
  RELAY_SIGNING_SECRET: () => `whsec_${randomBytes(32).toString("base64")}`,
  TWILIO_AUTH_TOKEN: () => randomBytes(16).toString("hex"),
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

async function serverDatabase(): Promise<ServerDb | undefined> {
  const explicit = process.env.E2E_DATABASE_URL;
  if (explicit) return { url: explicit, label: `${new URL(explicit).pathname.slice(1)} (E2E_DATABASE_URL, kept)` };
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  const name = `onp_e2e_${randomBytes(6).toString("hex")}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    await onServer(base, `create database ${name}`);
  } catch (error) {
    console.error(`[e2e] could not create a database on the TEST_DATABASE_URL server (${String(error)}).`);
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
rmSync(path.dirname(dataDir), { recursive: true, force: true });
mkdirSync(path.dirname(dataDir), { recursive: true });

const server = await serverDatabase();
const env: NodeJS.ProcessEnv = { ...process.env, E2E_DATA_DIR: dataDir };
if (server) {
  // Playwright starts the web server with its own environment plus the config's `env`, and its
  // workers with its own too: the server and e2e/relay.ts both see these.
  for (const [name, generate] of Object.entries(SECRETS)) env[name] = process.env[name] || generate();
  env.E2E_DATABASE_URL = server.url;
}
console.info(
  `[e2e] browser: ${browser ?? "Playwright's own Chromium"}; ${server ? `database: ${server.label}` : `data: ${dataDir}`}`,
);
// Ctrl+C reaches Playwright as well: let it stop, then drop the database below.
process.on("SIGINT", () => console.info("[e2e] interrupted: stopping"));

/** Playwright's output is kept as well as shown: the leak scan reads the server's lines afterwards. */
async function playwright(output: string[]): Promise<number> {
  const child = spawn("npx", ["playwright", "test", ...process.argv.slice(2)], {
    stdio: ["inherit", "pipe", "pipe"],
    env,
  });
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
    const leaks = leakScan({ log: output.join(""), dataDir, databaseUrl: server?.url });
    if (status === 0 && leaks.length > 0) status = 1;
  } else console.error("[e2e] seeding the server database failed");
} finally {
  if (server?.drop && process.env.E2E_KEEP_DB === "1") console.info(`[e2e] kept ${server.label} (E2E_KEEP_DB=1)`);
  else if (server?.drop) await server.drop().catch((error) => console.error(`[e2e] could not drop: ${error}`));
}
process.exit(status);
