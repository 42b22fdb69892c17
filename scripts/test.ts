/**
 * `npm test`: finds a browser and a PostgreSQL server first (starting one from npm when none is
 * given), then type check, lint/format, import cycles, unit and integration tests, production build,
 * browser tests, the fault suite.
 * Ends with one line, `N passed, N failed`, summing the test suites.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { ensureBrowser } from "./browser";
import { resolveTestServer, type TestServer } from "./postgres";

type Counts = { passed: number; failed: number };
const totals: Counts = { passed: 0, failed: 0 };
const failedSteps: string[] = [];
const timings: [string, number][] = [];
const began = Date.now();

let current: ChildProcess | undefined;
let server: TestServer | undefined;

async function run(name: string, command: string, args: string[], env = process.env): Promise<boolean> {
  const started = Date.now();
  console.info(`\n━━ ${name}: ${command} ${args.join(" ")}`);
  const child = spawn(command, args, { stdio: "inherit", env });
  current = child;
  const code = await new Promise<number>((resolve) => child.on("close", (status) => resolve(status ?? 1)));
  current = undefined;
  const seconds = (Date.now() - started) / 1000;
  timings.push([name, seconds]);
  const ok = code === 0;
  console.info(`━━ ${name} ${ok ? "ok" : "FAILED"} in ${seconds.toFixed(1)} s`);
  if (!ok) failedSteps.push(name);
  return ok;
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : null;
}

function countPlaywright(file: string) {
  const pw = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(file);
  if (!pw) {
    totals.failed += 1;
    return;
  }
  totals.passed += pw.stats.expected + pw.stats.flaky;
  // A skipped flow here is a failure: only a run against another server may skip (E2E_BASE_URL).
  totals.failed += pw.stats.unexpected + pw.stats.skipped;
}

// Ctrl+C or a kill: the running step stops, and so does an embedded server, before we go.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    console.error(`\n[test] ${signal}: stopping`);
    current?.kill(signal);
    await server?.stop();
    process.exit(130);
  });
}

rmSync(".test-results", { recursive: true, force: true });
mkdirSync(".test-results", { recursive: true });

const only = process.env.TEST_ONLY?.split(",");
const want = (step: string) => !only || only.includes(step);

// Before the slow steps: a missing browser or database is said at once, not after the build.
if (want("e2e")) {
  const started = Date.now();
  await ensureBrowser();
  timings.push(["browser", (Date.now() - started) / 1000]);
}
if (want("unit") || want("e2e")) {
  const started = Date.now();
  try {
    server = await resolveTestServer(process.env.TEST_DATABASE_URL);
  } catch (error) {
    console.error(`[database] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  timings.push(["database", (Date.now() - started) / 1000]);
  console.info(`[database] PostgreSQL server for the race, server and browser tests: ${server.label}`);
  if (server.env) process.env.TEST_DATABASE_URL = server.env;
}

try {
  // A failing check that is not a test suite still counts as one failure in the closing line.
  const checks = [
    want("types") ? run("type check", "npx", ["tsc", "--noEmit"]) : Promise.resolve(true),
    want("lint") ? run("lint and format", "npx", ["biome", "check", "."]) : Promise.resolve(true),
  ];
  for (const ok of await Promise.all(checks)) if (!ok) totals.failed += 1;
  if (want("lint") && !(await run("import cycles", "npm", ["run", "--silent", "cycles"]))) totals.failed += 1;

  if (want("unit")) {
    await run("unit and integration tests", "npx", [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      "--outputFile=.test-results/vitest.json",
    ]);
    const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number }>(
      ".test-results/vitest.json",
    );
    if (vitest) {
      totals.passed += vitest.numPassedTests;
      totals.failed += vitest.numFailedTests;
      if (vitest.numPendingTests > 0) {
        failedSteps.push("skipped unit tests");
        totals.failed += vitest.numPendingTests;
      }
    } else totals.failed += 1;
  }
  if (want("e2e")) {
    // The type check ran above: the build need not run it again.
    const built =
      (await run("production build", "npx", ["next", "build"], { ...process.env, NEXT_SKIP_TYPECHECK: "1" })) &&
      // The service worker (public/sw.js) is built from the build's file list: after it, as `npm run build` does.
      (await run("service worker", "npx", ["serwist", "build"]));
    if (!built) totals.failed += 1;
    else {
      await run("browser tests", "npx", ["tsx", "scripts/e2e.ts"]);
      countPlaywright(".test-results/playwright.json");
    }
  }
  if (want("faults") && existsSync(".next/BUILD_ID")) {
    // The app under a failing database, on a PostgreSQL server of the suite's own (faults/).
    await run("fault suite", "npx", ["playwright", "test", "-c", "playwright.faults.config.ts"]);
    countPlaywright(".test-results/faults.json");
  }
} finally {
  await server?.stop();
}

console.info(`\n━━ times: ${timings.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(", ")}`);
console.info(`━━ total ${((Date.now() - began) / 1000).toFixed(1)} s`);
if (failedSteps.length > 0) console.error(`\nFailed: ${failedSteps.join(", ")}`);
console.info(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
