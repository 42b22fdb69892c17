/**
 * Sums up the mutants a Stryker run has tested so far (reports/mutation/events, written by the
 * event-recorder reporter as each result comes): useful when a run is stopped before its report.
 * `npx tsx scripts/mutation-events.ts`
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

type Result = {
  status: string;
  fileName: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
};

const dir = path.resolve(process.argv[2] ?? "reports/mutation/events");
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
    `- ${result.status} ${rel(result.fileName)}:${line}:${column + 1} ${result.mutatorName} → ${JSON.stringify(result.replacement ?? "").slice(0, 100)}`,
  );
}
