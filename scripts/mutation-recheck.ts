/**
 * Runs again, by hand, the surviving mutants Stryker could not have tested: a static mutant (one in code
 * that runs when its module loads) that some test also covers is activated by Stryker 9's vitest runner
 * only after the module has loaded, so its tests see the original code and it "survives" with no test
 * run (`testsCompleted: 0`; stryker-js issues #6144 and #6209).
 *
 * Each such mutant of stryker-incremental.json is written into its source file (taken from the report,
 * so it is the code Stryker mutated), the test files that cover it are run with vitest, and the file is
 * put back. A failing test kills it: the report gets `Killed`, by the tests that failed, and the reason.
 * One that still survives keeps `Survived`. A file whose source has changed since the report is skipped:
 * the next Stryker run tests its mutants afresh.
 *
 * `npx tsx scripts/mutation-recheck.ts [--all] [--transitive] [--only <file,…>] [--tests <file,…>] [--dry]`: `--all` rechecks every
 * survivor (and mutant without coverage), not only those no test ran for, with the test files that import
 * its module besides those that covered it in the run (so a test written since the run counts);
 * `--transitive` adds the test files that import the module through other modules too;
 * `--only` limits it to the survivors of the given source files; `--tests <file,…>` runs those test files
 * instead (fewer tests can only kill fewer, so a kill stays a kill); `--dry` lists them and runs nothing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

type Mutant = {
  id: string;
  status: string;
  statusReason?: string;
  mutatorName: string;
  replacement?: string;
  static?: boolean;
  testsCompleted?: number;
  coveredBy?: string[];
  killedBy?: string[];
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
};
type Report = {
  files: Record<string, { source: string; mutants: Mutant[] }>;
  testFiles: Record<string, { tests: { id: string; name: string }[] }>;
};

const FILE = "stryker-incremental.json";
const all = process.argv.includes("--all");
const dry = process.argv.includes("--dry");
const transitive = process.argv.includes("--transitive");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? new Set(process.argv[onlyAt + 1].split(",")) : null;
const testsAt = process.argv.indexOf("--tests");
const given = testsAt >= 0 ? process.argv[testsAt + 1].split(",") : null;
const report = JSON.parse(readFileSync(FILE, "utf8")) as Report;

/** Line and column count from 1 in the report; the end is exclusive. */
function offset(source: string, { line, column }: { line: number; column: number }): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = source.indexOf("\n", at) + 1;
  return at + column - 1;
}

const testFile = (testId: string) => testId.slice(0, testId.indexOf("#"));

function sourceFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFilesUnder(name);
    return /\.tsx?$/.test(entry.name) ? [name] : [];
  });
}
const sources = ["lib", "app", "components"].filter(existsSync).flatMap(sourceFilesUnder);
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

/** The module an import specifier names, as a path from the root, or undefined for a package. */
function resolve(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/")
    ? specifier.slice(2)
    : specifier.startsWith(".")
      ? path.join(path.dirname(from), specifier)
      : undefined;
  if (base === undefined) return undefined;
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find(
    (name) => existsSync(name) && /\.tsx?$/.test(name),
  );
}

/** For each module, the modules that import it (static imports, re-exports and dynamic `import()`). */
const importedBy = new Map<string, Set<string>>();
for (const name of sources) {
  const text = readFileSync(name, "utf8");
  for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
    const target = resolve(name, specifier);
    if (target === undefined) continue;
    const set = importedBy.get(target) ?? new Set<string>();
    set.add(name);
    importedBy.set(target, set);
  }
}

/**
 * Test files that import `file`: directly, or with `--transitive` through any chain of modules (a route
 * test that imports the route that imports the module).
 */
function importersOf(file: string): string[] {
  const seen = new Set<string>([file]);
  let frontier = [file];
  while (frontier.length > 0) {
    frontier = frontier.flatMap((name) => [...(importedBy.get(name) ?? [])].filter((next) => !seen.has(next)));
    for (const name of frontier) seen.add(name);
    if (!transitive) break;
    frontier = frontier.filter((name) => !isTest(name));
  }
  return [...seen].filter(isTest).sort();
}

const todo = Object.entries(report.files).flatMap(([file, { source, mutants }]) =>
  only && !only.has(file)
    ? []
    : mutants
        .filter((m) =>
          all
            ? m.status === "Survived" || m.status === "NoCoverage"
            : m.status === "Survived" && m.static && !m.testsCompleted,
        )
        .map((mutant) => ({ file, source, mutant })),
);
console.log(`${todo.length} survivors to run again${dry ? " (not run: --dry)" : ""}`);

/**
 * The file being mutated is noted on disk first: a recheck killed while vitest runs (spawnSync keeps
 * the signal handler from running) leaves the mutant in place, and the next start puts the file back.
 */
const PENDING = ".mutation-recheck-pending.json";
if (existsSync(PENDING)) {
  const pending = JSON.parse(readFileSync(PENDING, "utf8")) as { file: string; source: string };
  writeFileSync(pending.file, pending.source);
  rmSync(PENDING);
  console.log(`put back ${pending.file}, left mutated by a recheck that was stopped`);
}

let restore: (() => void) | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    restore?.();
    process.exit(130);
  });
}

const outDir = mkdtempSync(path.join(tmpdir(), "mutation-recheck-"));
const tally = { killed: 0, survived: 0, skipped: 0 };
for (const { file, source, mutant } of todo) {
  const where = `${file}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? "").slice(0, 80)}`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : null;
  const covering = (mutant.coveredBy ?? []).map(testFile);
  const chosen = given ?? (all || transitive ? [...covering, ...importersOf(file)] : covering);
  const files = [...new Set(chosen)].filter((name) => existsSync(name));
  if (current !== source || files.length === 0) {
    tally.skipped += 1;
    console.log(`skipped (${current !== source ? "source changed since the run" : "no covering test file"}): ${where}`);
    continue;
  }
  if (dry) {
    console.log(`would run ${files.length} test file(s): ${where}`);
    continue;
  }
  // Stryker replaces a node of the syntax tree; in text, an operator's replacement needs its own
  // parentheses to keep that grouping (`a && b && c` → `(a || b) && c`, not `a || b && c`).
  const grouped = ["LogicalOperator", "EqualityOperator", "ArithmeticOperator"].includes(mutant.mutatorName);
  const replacement = mutant.replacement ?? "";
  const mutated =
    source.slice(0, offset(source, mutant.location.start)) +
    (grouped ? `(${replacement})` : replacement) +
    source.slice(offset(source, mutant.location.end));
  const output = path.join(outDir, `${mutant.id}.json`);
  restore = () => {
    writeFileSync(file, source);
    rmSync(PENDING, { force: true });
  };
  writeFileSync(PENDING, JSON.stringify({ file, source }));
  writeFileSync(file, mutated);
  let failed: string[] = [];
  let code: number | null;
  try {
    // As Stryker runs them: PGlite only (stryker.config.mjs drops TEST_DATABASE_URL).
    const env = { ...process.env };
    delete env.TEST_DATABASE_URL;
    code = spawnSync("npx", ["vitest", "run", "--reporter=json", `--outputFile=${output}`, ...files], {
      env,
      stdio: "ignore",
      timeout: 10 * 60_000,
    }).status;
    if (existsSync(output)) {
      const result = JSON.parse(readFileSync(output, "utf8")) as {
        testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
      };
      failed = result.testResults.flatMap((suite) =>
        suite.assertionResults
          .filter((test) => test.status === "failed")
          .map((test) => `${path.relative(process.cwd(), suite.name)}#${test.fullName}`),
      );
    }
  } finally {
    restore();
    restore = undefined;
  }
  if (code !== 0) {
    tally.killed += 1;
    mutant.status = "Killed";
    mutant.killedBy = failed;
    mutant.statusReason = `run again by scripts/mutation-recheck.ts with ${files.join(", ")}: ${
      failed.length > 0 ? `${failed.length} test(s) failed` : "its test files failed to run"
    }`;
    console.log(`killed by ${failed.length || "a failed load of"} test(s) of ${files.join(", ")}: ${where}`);
  } else {
    tally.survived += 1;
    mutant.statusReason = "run again by scripts/mutation-recheck.ts: its tests still pass";
    console.log(`survived again: ${where}`);
  }
  save(file, mutant);
}

/**
 * Writes one result into a fresh read of the file, so that a Stryker report written meanwhile is not
 * overwritten. Run one recheck at a time: two would run each other's mutants in their tests.
 */
function save(file: string, mutant: Mutant): void {
  const current = JSON.parse(readFileSync(FILE, "utf8")) as Report;
  const mutants = current.files[file]?.mutants ?? [];
  const at = mutants.findIndex((m) => m.id === mutant.id);
  if (at >= 0) mutants[at] = mutant;
  writeFileSync(FILE, JSON.stringify(current));
}
rmSync(outDir, { recursive: true, force: true });
console.log(`killed ${tally.killed}, survived ${tally.survived}, skipped ${tally.skipped}`);
