/**
 * `npm test`: type check, lint/format, import cycles, unit and integration tests, production build, browser tests.
 * Ends with one line, `N passed, N failed`, summing the test suites.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

type Counts = { passed: number; failed: number };
const totals: Counts = { passed: 0, failed: 0 };
const failedSteps: string[] = [];

function run(name: string, command: string, args: string[]): boolean {
  const started = Date.now();
  console.info(`\n━━ ${name}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  const ok = result.status === 0;
  console.info(`━━ ${name} ${ok ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) failedSteps.push(name);
  return ok;
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : null;
}

rmSync(".test-results", { recursive: true, force: true });
mkdirSync(".test-results", { recursive: true });

const only = process.env.TEST_ONLY?.split(",");
const want = (step: string) => !only || only.includes(step);

// A failing check that is not a test suite still counts as one failure in the closing line.
if (want("types") && !run("type check", "npx", ["tsc", "--noEmit"])) totals.failed += 1;
if (want("lint") && !run("lint and format", "npx", ["biome", "check", "."])) totals.failed += 1;
if (want("lint") && !run("import cycles", "npm", ["run", "--silent", "cycles"])) totals.failed += 1;
if (want("unit")) {
  run("unit and integration tests", "npx", [
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
  if (!run("production build", "npx", ["next", "build"])) totals.failed += 1;
  else {
    run("browser tests", "npx", ["tsx", "scripts/e2e.ts"]);
    const pw = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
      ".test-results/playwright.json",
    );
    if (pw) {
      totals.passed += pw.stats.expected + pw.stats.flaky;
      totals.failed += pw.stats.unexpected + pw.stats.skipped;
    } else totals.failed += 1;
  }
}

if (failedSteps.length > 0) console.error(`\nFailed: ${failedSteps.join(", ")}`);
console.info(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
