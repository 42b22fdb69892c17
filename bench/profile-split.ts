/**
 * Splits a `node --cpu-prof` profile of `next start` (from `bench/pages.ts --profile=DIR`) into where the
 * server's CPU went: each sample goes to the first frame, from the leaf up, whose original source (read
 * through the build's source maps) belongs to a part below. Database time cannot be split by query from
 * a CPU profile (PGlite runs each query after an await, so its stack no longer names the caller):
 * `bench/pages.ts` counts the queries per page instead.
 *
 *   npx tsx bench/profile-split.ts PROFILE.cpuprofile [--window=SECONDS[,SKIP]] [--part=NAME]
 *
 * --window: only SECONDS of the profile, ending SKIP seconds (default 0) before its end: with
 * `bench/pages.ts --only=/orders --runs=1 --seconds=10` the server serves the bare route, /orders, the
 * bare route, so `--window=10,10` is /orders alone. --part: the top frames of one part.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

type Frame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type Node = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const file = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
if (!file) throw new Error("usage: profile-split.ts PROFILE.cpuprofile [--window=SECONDS] [--part=NAME]");
const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

/** Checked in order: the first that matches a frame's source names its part. */
const PARTS: [string, RegExp][] = [
  ["proxy.ts (CSP nonce, headers)", /\/proxy\.ts|lib\/security\/(headers|action-guard)|server\/web\/adapter/],
  ["Auth.js decoding the session", /@auth\/core|next-auth|\/jose\/|lib\/auth\.ts|lib\/security\/session-cookie/],
  ["session and viewer row (lib/dal.ts)", /lib\/dal\.ts|lib\/security\/sessions/],
  ["page queries (lib/protection)", /lib\/protection\//],
  ["database (drizzle, PGlite, postgres.js)", /drizzle-orm|@electric-sql\/pglite|wasm:\/\/|postgres\/src|lib\/db\//],
  ["i18n and formatting", /use-intl|intl-messageformat|@formatjs|lib\/i18n|lib\/format|messages\//],
  ["React Server Component rendering", /app-page-turbo|react-server-dom|react-dom|\/react\/|\/app\/|\/components\//],
];

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const maps = new Map<string, SourceMap | null>();

function source(frame: Frame): string {
  if (!frame.url) return "";
  const url = frame.url.startsWith("file://") ? fileURLToPath(frame.url) : frame.url;
  if (!url.includes("/.next/")) return url;
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    if (existsSync(`${url}.map`)) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${url}.map`, "utf8")));
      } catch {}
    }
    maps.set(url, map);
  }
  const entry = maps.get(url)?.findEntry(frame.lineNumber, frame.columnNumber);
  return entry && "originalSource" in entry ? entry.originalSource : url;
}

const partOf = new Map<number, string>();
function part(id: number): string {
  const known = partOf.get(id);
  if (known) return known;
  const node = byId.get(id) as Node;
  let name: string | undefined;
  if (node.callFrame.functionName === "(idle)") name = "(idle)";
  else if (node.callFrame.functionName === "(garbage collector)") name = "garbage collector";
  else {
    const src = source(node.callFrame);
    name = PARTS.find(([, pattern]) => pattern.test(src))?.[0];
    if (!name) {
      const up = parent.get(id);
      name = up === undefined ? "everything else" : part(up);
    }
  }
  partOf.set(id, name);
  return name;
}

const [windowS, skipS = 0] = (flag("window") ?? "0").split(",").map(Number);
const to = profile.endTime - skipS * 1e6;
const from = windowS ? to - windowS * 1e6 : 0;
const totals = new Map<string, number>();
const frames = new Map<string, number>();
const wanted = flag("part");
let busy = 0;
let at = profile.startTime;
for (const [i, id] of profile.samples.entries()) {
  const dt = profile.timeDeltas[i] ?? 0;
  at += dt;
  if (at < from || at > to) continue;
  const name = part(id);
  totals.set(name, (totals.get(name) ?? 0) + dt);
  if (name !== "(idle)") busy += dt;
  if (wanted && name.startsWith(wanted)) {
    const frame = (byId.get(id) as Node).callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${source(frame).replace(/.*node_modules\//, "")}`;
    frames.set(key, (frames.get(key) ?? 0) + dt);
  }
}
console.info(`busy ${(busy / 1e6).toFixed(1)} s of CPU`);
for (const [name, us] of [...totals].sort((a, b) => b[1] - a[1])) {
  const share = name === "(idle)" ? "" : `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
  console.info(`${name.padEnd(42)} ${(us / 1e6).toFixed(2).padStart(7)} s  ${share}`);
}
for (const [key, us] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.info(`${(us / 1e3).toFixed(0).padStart(7)} ms  ${key}`);
