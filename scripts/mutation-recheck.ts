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
 * `npx tsx scripts/mutation-recheck.ts [--all] [--only <file,…>] [--dry]`: `--all` rechecks every
 * survivor (and mutant without coverage), not only those no test ran for, with the test files that import
 * its module besides those that covered it in the run (so a test written since the run counts);
 * `--only` limits it to the survivors of the given source files; `--dry` lists them and runs nothing.
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
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? new Set(process.argv[onlyAt + 1].split(",")) : null;
const report = JSON.parse(readFileSync(FILE, "utf8")) as Report;

/** Line and column count from 1 in the report; the end is exclusive. */
function offset(source: string, { line, column }: { line: number; column: number }): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = source.indexOf("\n", at) + 1;
  return at + column - 1;
}

const testFile = (testId: string) => testId.slice(0, testId.indexOf("#"));

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : testFilesUnder(name);
    return /\.test\.tsx?$/.test(entry.name) ? [name] : [];
  });
}
const allTests = ["lib", "app"].flatMap(testFilesUnder).map((name) => ({ name, text: readFileSync(name, "utf8") }));

/** Test files that import `file` by its alias path, or by its relative path from their own folder. */
function importersOf(file: string): string[] {
  const module = file.replace(/\.tsx?$/, "");
  return allTests
    .filter(({ name, text }) => {
      let relative = path.relative(path.dirname(name), module);
      if (!relative.startsWith(".")) relative = `./${relative}`;
      return text.includes(`"@/${module}"`) || text.includes(`"${relative}"`);
    })
    .map(({ name }) => name);
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
  const files = [...new Set(all ? [...covering, ...importersOf(file)] : covering)].filter((name) => existsSync(name));
  if (current !== source || files.length === 0) {
    tally.skipped += 1;
    console.log(`skipped (${current !== source ? "source changed since the run" : "no covering test file"}): ${where}`);
    continue;
  }
  if (dry) {
    console.log(`would run ${files.length} test file(s): ${where}`);
    continue;
  }
  const mutated =
    source.slice(0, offset(source, mutant.location.start)) +
    (mutant.replacement ?? "") +
    source.slice(offset(source, mutant.location.end));
  const output = path.join(outDir, `${mutant.id}.json`);
  restore = () => writeFileSync(file, source);
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
 * Writes one result into a fresh read of the file, so that two rechecks of different source files can
 * run side by side (each writes only the mutants it ran).
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
