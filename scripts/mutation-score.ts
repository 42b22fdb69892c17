/**
 * The mutation score as stryker-incremental.json holds it (the last run, with what
 * scripts/mutation-recheck.ts found since): by file, by folder of the scope and overall, then every
 * mutant still not detected. Stryker's score: killed and timed out ÷ those plus survived and without
 * coverage; mutants the type checker dropped and ignored (static) ones are not counted.
 * `npx tsx scripts/mutation-score.ts [--markdown]`
 */
import { readFileSync } from "node:fs";

type Mutant = {
  status: string;
  statusReason?: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
};
const report = JSON.parse(readFileSync("stryker-incremental.json", "utf8")) as {
  files: Record<string, { mutants: Mutant[] }>;
};
const markdown = process.argv.includes("--markdown");

const FOLDERS = [
  "lib/protection/",
  "lib/relay/",
  "lib/security/",
  "lib/privacy/",
  "lib/auth.ts",
  "lib/dal.ts",
  "app/api/",
];

const UNDETECTED = new Set(["Survived", "NoCoverage"]);

type Tally = Record<string, number>;
const add = (tally: Tally, status: string) => {
  tally[status] = (tally[status] ?? 0) + 1;
};
const score = (t: Tally) => {
  const detected = (t.Killed ?? 0) + (t.Timeout ?? 0);
  const valid = detected + (t.Survived ?? 0) + (t.NoCoverage ?? 0);
  return valid === 0 ? "n/a" : `${((100 * detected) / valid).toFixed(1)} %`;
};
const row = (name: string, t: Tally) =>
  [
    name,
    t.Killed ?? 0,
    t.Timeout ?? 0,
    t.Survived ?? 0,
    t.NoCoverage ?? 0,
    t.CompileError ?? 0,
    t.Ignored ?? 0,
    score(t),
  ].join(markdown ? " | " : "\t");

const byFile = new Map<string, Tally>();
const byFolder = new Map<string, Tally>();
const total: Tally = {};
const left: string[] = [];
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const folder = FOLDERS.find((f) => file.startsWith(f)) ?? "other";
  for (const mutant of mutants) {
    const tally = byFile.get(file) ?? {};
    add(tally, mutant.status);
    byFile.set(file, tally);
    const inFolder = byFolder.get(folder) ?? {};
    add(inFolder, mutant.status);
    byFolder.set(folder, inFolder);
    add(total, mutant.status);
    if (UNDETECTED.has(mutant.status)) {
      const { line, column } = mutant.location.start;
      left.push(
        `${mutant.status} ${file}:${line}:${column} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? "").slice(0, 90)}`,
      );
    }
  }
}

const head = ["", "killed", "timeout", "survived", "no coverage", "type error", "ignored", "score"];
const print = (title: string, rows: [string, Tally][]) => {
  console.log(`\n${title}`);
  console.log(head.join(markdown ? " | " : "\t"));
  if (markdown) console.log(head.map(() => "---").join(" | "));
  for (const [name, tally] of rows) console.log(row(name, tally));
};
print("By file", [...byFile]);
print("By folder", [...byFolder]);
print("Overall", [["all", total]]);
console.log(`\nNot detected (${left.length}):`);
for (const line of left) console.log(`- ${line}`);
