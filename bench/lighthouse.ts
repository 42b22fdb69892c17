/**
 * Lighthouse (mobile, the default config) on the production build with the system Chromium: /sign-in
 * signed out, /pickup, /orders and /privacy signed in as the demo buyer. The counter view is the
 * closed <dialog> of each parcel on /pickup (its barcode drawn on the server), so /pickup's load
 * carries it; opening it is an interaction a navigation audit does not make. Starts `next start` here on a fresh
 * embedded database (demo mode seeds it); run `npx next build` first. Each URL is audited `--runs`
 * times (default 3) and the median score of each category is reported.
 *
 *   npx tsx --conditions=react-server bench/lighthouse.ts [--runs=3] [--port=3700] [--only=/orders]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo/seed";
import { systemChromium } from "@/scripts/browser";
import { median, numberArg, signIn, waitFor } from "./common";

const runs = numberArg("runs", 3);
const port = numberArg("port", 3700);
const base = `http://127.0.0.1:${port}`;
/** --only=ROUTE: audit that route alone (to try one change). */
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice(7);
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
const TARGETS: Record<string, Record<(typeof CATEGORIES)[number], number>> = {
  "/sign-in": { performance: 95, accessibility: 100, "best-practices": 95 },
  "/pickup": { performance: 95, accessibility: 100, "best-practices": 95 },
  "/orders": { performance: 95, accessibility: 100, "best-practices": 95 },
  "/privacy": { performance: 95, accessibility: 100, "best-practices": 95 },
};

const chromePath = process.env.CHROME_PATH || systemChromium();
if (!chromePath)
  throw new Error("No Chromium: set CHROME_PATH or install Debian's chromium (apt-get install -y chromium)");

const dataDir = mkdtempSync(path.join(tmpdir(), "onp-lighthouse-"));
const serverLog: string[] = [];
const server = spawn(
  process.execPath,
  ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
  {
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: path.join(dataDir, "data"), AUTH_TRUST_HOST: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  },
);
server.stdout?.on("data", (chunk: Buffer) => serverLog.push(chunk.toString()));
server.stderr?.on("data", (chunk: Buffer) => serverLog.push(chunk.toString()));

type Row = { url: string; scores: Record<string, number>; runs: Record<string, number>[] };
const rows: Row[] = [];
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  await waitFor(`${base}/api/health`, 120_000, serverLog);
  const cookie = await signIn(base, DEMO_ACCOUNTS.buyer.email, DEMO_PASSWORD);
  chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  for (const [route, signedIn] of [
    ["/sign-in", false],
    ["/pickup", true],
    ["/orders", true],
    ["/privacy", true],
  ] as const) {
    if (only && route !== only) continue;
    // One unmeasured load first: the server compiles nothing, but its first render warms caches.
    await fetch(`${base}${route}`, { headers: signedIn ? { cookie } : {} });
    const perRun: Record<string, number>[] = [];
    for (let i = 0; i < runs; i += 1) {
      const result = await lighthouse(`${base}${route}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: [...CATEGORIES],
        extraHeaders: signedIn ? { cookie } : undefined,
      });
      if (!result) throw new Error(`lighthouse gave no result for ${route}`);
      const { lhr } = result;
      if (lhr.finalDisplayedUrl && !lhr.finalDisplayedUrl.endsWith(route))
        throw new Error(`${route} ended on ${lhr.finalDisplayedUrl}: not signed in?`);
      const scores: Record<string, number> = {};
      for (const category of CATEGORIES) scores[category] = Math.round((lhr.categories[category]?.score ?? 0) * 100);
      perRun.push(scores);
      const failing = Object.values(lhr.audits)
        .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== "informative")
        .map((audit) => `${audit.id} ${audit.displayValue ?? audit.score}`);
      console.info(
        `${route} run ${i + 1}: ${JSON.stringify(scores)}${failing.length ? `; below 90: ${failing.join(", ")}` : ""}`,
      );
    }
    const scores: Record<string, number> = {};
    for (const category of CATEGORIES) scores[category] = median(perRun.map((run) => run[category]));
    rows.push({ url: route, scores, runs: perRun });
    const target = TARGETS[route];
    const verdict = CATEGORIES.map(
      (c) => `${c} ${scores[c]} (target ≥ ${target[c]}${scores[c] >= target[c] ? ", met" : ", NOT met"})`,
    );
    console.info(`${route}: median of ${runs}: ${verdict.join(", ")}`);
  }
} finally {
  await chrome?.kill();
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
console.info(`RESULT ${JSON.stringify({ bench: "lighthouse", targets: TARGETS, rows })}`);
