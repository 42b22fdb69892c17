/**
 * Sums up the mutants a Stryker run has tested so far (reports/mutation/events, written by the
 * event-recorder reporter as each result comes): useful when a run is stopped before its report.
 * `npx tsx scripts/mutation-events.ts [events-dir]`
 *
 * `--incremental <git-rev>` also folds what the stopped run found into stryker-incremental.json
 * (Stryker writes it only at the end of a run): the sources are taken at `<git-rev>`, the commit the
 * run was started from, so that the next run retests every mutant whose code changed since. Mutants
 * the run did not reach are left out, so the next run tests them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

type Result = {
  id: string;
  status: string;
  fileName: string;
  mutatorName: string;
  replacement?: string;
  // The report's positions: line and column both count from 1.
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  coveredBy?: string[];
  killedBy?: string[];
};

const args = process.argv.slice(2);
const revAt = args.indexOf("--incremental");
const rev = revAt >= 0 ? args.splice(revAt, 2)[1] : undefined;
const dir = path.resolve(args[0] ?? "reports/mutation/events");
const results: Result[] = readdirSync(dir)
  .filter((name) => name.endsWith("-onMutantTested.json"))
  .sort()
  .map((name) => JSON.parse(readFileSync(path.join(dir, name), "utf8")) as Result);

const rel = (file: string) => path.relative(process.cwd(), file);
const byFile = new Map<string, Map<string, number>>();
for (const result of results) {
  const counts = byFile.get(rel(result.fileName)) ?? new Map<string, number>();
  counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  byFile.set(rel(result.fileName), counts);
}

const DETECTED = ["Killed", "Timeout"];
const UNDETECTED = ["Survived", "NoCoverage"];
console.log("| file | killed | timeout | survived | no coverage | compile error | ignored | score |");
console.log("| --- | --: | --: | --: | --: | --: | --: | --: |");
for (const [file, counts] of [...byFile].sort()) {
  const n = (status: string) => counts.get(status) ?? 0;
  const detected = DETECTED.reduce((sum, s) => sum + n(s), 0);
  const valid = detected + UNDETECTED.reduce((sum, s) => sum + n(s), 0);
  const score = valid === 0 ? "n/a" : `${((100 * detected) / valid).toFixed(1)} %`;
  console.log(
    `| ${file} | ${n("Killed")} | ${n("Timeout")} | ${n("Survived")} | ${n("NoCoverage")} | ${n("CompileError")} | ${n("Ignored")} | ${score} |`,
  );
}
const left = results.filter((result) => UNDETECTED.includes(result.status));
if (left.length > 0) console.log("\nNot detected:");
for (const result of left) {
  const { line, column } = result.location.start;
  console.log(
    `- ${result.status} ${rel(result.fileName)}:${line}:${column} ${result.mutatorName} → ${JSON.stringify(result.replacement ?? "").slice(0, 100)}`,
  );
}

if (rev) writeIncremental(rev);

type DryRunTest = { id: string; name: string; fileName: string };
type Report = {
  schemaVersion: string;
  thresholds: { high: number; low: number };
  files: Record<string, { language: string; source: string; mutants: object[] }>;
  testFiles: Record<string, { source: string; tests: { id: string; name: string }[] }>;
};

function writeIncremental(commit: string): void {
  const file = "stryker-incremental.json";
  const at = (name: string) => execFileSync("git", ["show", `${commit}:${name}`], { encoding: "utf8" });
  const report: Report = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Report)
    : { schemaVersion: "1.0", thresholds: { high: 90, low: 80 }, files: {}, testFiles: {} };
  const dryRun = readdirSync(dir).find((name) => name.endsWith("-onDryRunCompleted.json"));
  if (!dryRun) throw new Error(`no dry run in ${dir}`);
  const tests = (JSON.parse(readFileSync(path.join(dir, dryRun), "utf8")) as { result: { tests: DryRunTest[] } }).result
    .tests;
  // What this run saw replaces what the file had for the same files; other files are kept.
  for (const name of new Set(tests.map((test) => rel(test.fileName)))) {
    report.testFiles[name] = { source: at(name), tests: [] };
  }
  for (const test of tests) report.testFiles[rel(test.fileName)].tests.push({ id: test.id, name: test.name });
  for (const name of new Set(results.map((result) => rel(result.fileName)))) {
    report.files[name] = { language: "typescript", source: at(name), mutants: [] };
  }
  for (const { fileName, ...mutant } of results) report.files[rel(fileName)].mutants.push(mutant);
  writeFileSync(file, JSON.stringify(report));
  console.log(`\n${file}: ${results.length} results from ${dir}, sources at ${commit}`);
}
