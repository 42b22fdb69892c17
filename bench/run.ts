/**
 * `npm run bench`: allocation on the server, allocation on PGlite, End now → unbind at the fake Alibaba
 * provider (normal and after a 30 s outage), then HTTP and Lighthouse (need `npx next build`
 * first), each in its own process; prints one table. Extra arguments go to every bench
 * (e.g. `npm run bench -- --seconds=5 --runs=1` for a quick pass).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

type Row = { what: string; figure: string; target: string; met: boolean | null };
const rows: Row[] = [];
const extra = process.argv.slice(2);

function runBench(file: string): Record<string, unknown> | null {
  console.info(`\n━━ ${file} ${extra.join(" ")}`);
  const result = spawnSync("npx", ["tsx", "--conditions=react-server", file, ...extra], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.stdout.write(result.stdout ?? "");
  const line = (result.stdout ?? "").split("\n").find((l) => l.startsWith("RESULT "));
  if (result.status !== 0 || !line) {
    rows.push({ what: file, figure: `failed (exit ${result.status})`, target: "", met: false });
    return null;
  }
  return JSON.parse(line.slice(7)) as Record<string, unknown>;
}

type Point = {
  slots: number;
  bound: number;
  cooling: number;
  perSecond: number;
  p50: number;
  p99: number;
  duplicates: number;
  workers: number;
  seconds: number;
};
type Preference = {
  slots: number;
  workers: number;
  rounds: number;
  seconds: number;
  off: number[];
  on: number[];
  ratio: number;
  bindings: number;
  met: number;
  duplicates: number;
};
const server = runBench("bench/allocation-server.ts") as { points: Point[]; preference: Preference | null } | null;
if (server) {
  const rates = server.points.map((p) => p.perSecond);
  for (const p of server.points) {
    rows.push({
      what: `allocation, server, ${p.workers} workers, ${p.slots.toLocaleString("en")} slots${p.bound ? ` (${p.bound.toLocaleString("en")} bound, ${p.cooling.toLocaleString("en")} cooling)` : ""}`,
      figure: `${p.perSecond}/s, p50 ${p.p50} ms, p99 ${p.p99} ms, ${p.duplicates} duplicates`,
      target: "≥ 1,200/s, p99 ≤ 100 ms, 0 duplicates",
      met: p.perSecond >= 1200 && p.p99 <= 100 && p.duplicates === 0,
    });
  }
  const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates);
  const pref = server.preference;
  if (pref)
    rows.push({
      what: `allocation, server, ${pref.workers} workers, ${pref.slots.toLocaleString("en")} slots, own last four on (uniform random tails)`,
      figure: `ratio ${pref.ratio} to without it (medians of ${pref.on.join(", ")}/s and ${pref.off.join(", ")}/s, ${pref.rounds} alternated rounds of ${pref.seconds} s); ${pref.met} of ${pref.bindings} lines met; ${pref.duplicates} duplicates`,
      target: "ratio ≥ 0.9, 0 duplicates",
      met: pref.ratio >= 0.9 && pref.duplicates === 0,
    });
  rows.push({
    what: "allocation rate across pool sizes",
    figure: `${(spread * 100).toFixed(0)}% spread (${rates.join(" → ")}/s)`,
    target: "within 20%",
    met: spread <= 0.2,
  });
}
const pglite = runBench("bench/allocation-pglite.ts") as { perSecond: number; p50: number; p99: number } | null;
if (pglite)
  rows.push({
    what: "allocation, PGlite, sequential",
    figure: `${pglite.perSecond}/s, p50 ${pglite.p50} ms`,
    target: "≥ 800/s",
    met: pglite.perSecond >= 800,
  });

type Spread = { p50: number; p99: number };
const unbind = runBench("bench/alibaba-unbind.ts") as {
  normal: Spread;
  afterRecovery: Spread;
  endToUnbind: Spread;
  ceiling: number;
  outageS: number;
  rejected: number;
} | null;
if (unbind) {
  rows.push({
    what: "Alibaba: End now → unbind at the fake provider",
    figure: `p50 ${unbind.normal.p50} ms, p99 ${unbind.normal.p99} ms`,
    target: "",
    met: null,
  });
  rows.push({
    what: `Alibaba: after a ${unbind.outageS} s outage, recovery → unbind`,
    figure: `p50 ${unbind.afterRecovery.p50} ms, p99 ${unbind.afterRecovery.p99} ms (End now → unbind p99 ${unbind.endToUnbind.p99} ms)`,
    target: `p99 ≤ ${unbind.ceiling} ms (normal p99 + longest retry delay + poll interval), 0 refused signatures`,
    met: unbind.afterRecovery.p99 <= unbind.ceiling && unbind.rejected === 0,
  });
}

if (existsSync(".next/BUILD_ID")) {
  type Measure = { name: string; connections: number; rps: number; p50: number; p99: number };
  const http = runBench("bench/http.ts") as { measures: Measure[] } | null;
  for (const m of http?.measures ?? []) {
    const relay = m.name.startsWith("relay");
    const target = relay
      ? m.connections === 1
        ? "p50 ≤ 5 ms"
        : "≥ 800 req/s, p99 ≤ 50 ms"
      : "≥ 200 req/s, p99 ≤ 100 ms";
    const met = relay ? (m.connections === 1 ? m.p50 <= 5 : m.rps >= 800 && m.p99 <= 50) : m.rps >= 200 && m.p99 <= 100;
    rows.push({ what: m.name, figure: `${m.rps} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms`, target, met });
  }
  type Scores = Record<string, number>;
  const lighthouse = runBench("bench/lighthouse.ts") as {
    targets: Record<string, Scores>;
    rows: { url: string; scores: Scores }[];
  } | null;
  for (const row of lighthouse?.rows ?? []) {
    const target = lighthouse?.targets[row.url] ?? {};
    const names = Object.keys(target);
    rows.push({
      what: `lighthouse mobile ${row.url} (median)`,
      figure: names.map((name) => `${name} ${row.scores[name]}`).join(", "),
      target: names.map((name) => `${name} ≥ ${target[name]}`).join(", "),
      met: names.every((name) => row.scores[name] >= target[name]),
    });
  }
} else
  rows.push({
    what: "bench/http.ts, bench/lighthouse.ts",
    figure: "skipped: no production build (run `npx next build`)",
    target: "",
    met: null,
  });

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => [r.what, r.figure, r.target][i].length), 6));
console.info("\n");
for (const r of rows) {
  const mark = r.met === null ? "  -  " : r.met ? " met " : " MISS";
  console.info(`${r.what.padEnd(widths[0])}  ${r.figure.padEnd(widths[1])}  ${r.target.padEnd(widths[2])} ${mark}`);
}
