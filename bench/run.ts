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

function runBench(file: string, own: string[] = []): Record<string, unknown> | null {
  console.info(`\n━━ ${file} ${[...own, ...extra].join(" ")}`);
  const result = spawnSync("npx", ["tsx", "--conditions=react-server", file, ...own, ...extra], {
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

// The pages and the relay as ratios of the bare route, on each database; the ceiling rows first.
type PageRow = {
  name: string;
  ceiling?: boolean;
  rps: number;
  p50: number;
  p99: number;
  ratio: number | null;
  bad: number;
};
if (existsSync(".next/BUILD_ID")) {
  for (const db of ["embedded", "server"]) {
    const pages = runBench("bench/pages.ts", [`--db=${db}`]) as { rows: PageRow[]; loadAverage: string } | null;
    for (const row of pages?.rows ?? []) {
      const figure = `${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms${row.ratio === null ? "" : `, ratio ${row.ratio.toFixed(2)}`}${row.bad ? `, ${row.bad} bad answers` : ""}`;
      const what = `${db}, c8: ${row.name}${row.ceiling ? " (ceiling)" : ""}`;
      const relay = row.name.startsWith("signed relay");
      const signedIn = !row.ceiling && !relay && !row.name.includes("anonymous");
      const tail = row.p99 <= 4 * Math.max(row.p50, 1) && row.bad === 0;
      if (row.ratio === null || row.ceiling || !(relay || signedIn))
        rows.push({ what, figure, target: row.ceiling ? `load ${pages?.loadAverage}` : "", met: null });
      else if (relay) rows.push({ what, figure, target: "ratio ≥ 0.6", met: row.ratio >= 0.6 && row.bad === 0 });
      else rows.push({ what, figure, target: "ratio ≥ 0.5, p99 ≤ 4 × p50", met: row.ratio >= 0.5 && tail });
    }
  }
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
type Pgbench = { tps: number; latencyMs: number; failed: number };
const server = runBench("bench/allocation-server.ts") as {
  points: Point[];
  ceiling: { slots: number; statement: Pgbench; insert: Pgbench; app: number | null } | null;
} | null;
if (server?.ceiling) {
  // The ceilings first: the same statement from pgbench, and the raw commit rate of this server and disk.
  const { slots, statement, insert, app } = server.ceiling;
  const clients = server.points[0]?.workers ?? 64;
  rows.push({
    what: `ceiling: pgbench, the allocation statement, ${clients} clients, ${slots.toLocaleString("en")} slots`,
    figure: `${statement.tps} tps, latency ${statement.latencyMs} ms, ${statement.failed} failed`,
    target: "",
    met: null,
  });
  rows.push({
    what: `ceiling: pgbench, one single-row insert per commit, ${clients} clients`,
    figure: `${insert.tps} tps, latency ${insert.latencyMs} ms`,
    target: "",
    met: null,
  });
  if (app !== null)
    rows.push({
      what: `allocation, server, ${slots.toLocaleString("en")} slots, app / pgbench of the same statement`,
      figure: `${(app / statement.tps).toFixed(2)} (${app}/s vs ${statement.tps} tps)`,
      target: "≥ 0.8",
      met: app / statement.tps >= 0.8,
    });
}
if (server) {
  const rates = server.points.map((p) => p.perSecond);
  for (const p of server.points) {
    rows.push({
      what: `allocation, server, ${p.workers} workers, ${p.slots.toLocaleString("en")} slots${p.bound ? ` (${p.bound.toLocaleString("en")} bound, ${p.cooling.toLocaleString("en")} cooling)` : ""}`,
      figure: `${p.perSecond}/s, p50 ${p.p50} ms, p99 ${p.p99} ms, ${p.duplicates} duplicates`,
      target: "p99 ≤ 100 ms, 0 duplicates",
      met: p.p99 <= 100 && p.duplicates === 0,
    });
  }
  const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates);
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
