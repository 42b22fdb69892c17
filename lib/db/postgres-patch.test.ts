import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_SERVER_URL } from "@/lib/testing/db";

// 1. postgres.js 3.4.9 queues the ROLLBACK of a transaction whose backend died and then writes it to the
// closed socket from setImmediate, outside every promise: an uncaught TypeError that ends the process
// (porsager/postgres#1208). patches/postgres+3.4.9.patch guards that write. This runs the issue's
// reproduction in a child process, for both module entry points, and needs the process to survive.
const REPRODUCTION = (load: string) => `
const postgres = ${load};
const url = process.env.URL;
const sql = postgres(url, { max: 2, onnotice: () => {} });
const killer = postgres(url, { max: 1, onnotice: () => {} });
process.on("uncaughtException", (error) => { console.error("UNCAUGHT " + error.message); process.exit(3); });
process.on("unhandledRejection", (error) => { console.error("UNCAUGHT rejection " + error.message); process.exit(3); });
(async () => {
  for (let round = 0; round < 3; round += 1) {
    let pid = null;
    const outcome = sql.begin(async (t) => {
      const [row] = await t\`select pg_backend_pid() as pid\`;
      pid = row.pid;
      await t\`select pg_sleep(2)\`;
    }).then(() => "committed", (error) => error.code);
    while (pid === null) await new Promise((r) => setTimeout(r, 20));
    await killer\`select pg_terminate_backend(\${pid})\`;
    const failure = await outcome;
    if (failure !== "CONNECTION_CLOSED") { console.error("expected CONNECTION_CLOSED, got " + failure); process.exit(4); }
    await new Promise((r) => setTimeout(r, 50));
    const [{ one }] = await sql\`select 1 as one\`;
    if (one !== 1) process.exit(5);
  }
  await sql.end({ timeout: 1 }); await killer.end({ timeout: 1 });
  console.log("survived");
})().catch((error) => { console.error(error); process.exit(6); });
`;

// 2. Each new connection first reads the array types (fetch_types) in a query of the driver's own, whose
// promise nobody awaits. When the backend is terminated during that query, 3.4.9 (a) leaves that promise
// rejected and unhandled (porsager/postgres#1192), and (b) keeps the dead query and its 57P01 across the
// reconnect, so the new socket's first ReadyForQuery fails the waiting query with the old backend's error
// (#1223): the fault suite saw both. This reproduces it for real: a TCP proxy in front of the server holds
// back the types query of the first connection and terminates that backend with pg_terminate_backend (or
// resets the socket), so the driver gets the server's own FATAL (or an ECONNRESET) while it waits.
const STARTUP_KILL = (load: string) => `
const net = require("node:net");
const postgres = ${load};
const target = new URL(process.env.URL);
const admin = postgres(process.env.URL, { max: 1, onnotice: () => {} });
const rejections = [];
process.on("unhandledRejection", (error) => rejections.push(String(error && (error.code || error.message))));
process.on("uncaughtException", (error) => { console.error("UNCAUGHT " + error.message); process.exit(3); });
let connections = 0;
let heldBack = false;
const proxy = net.createServer((client) => {
  connections += 1;
  const upstream = net.connect(Number(target.port || 5432), target.hostname);
  let fromServer = Buffer.alloc(0);
  upstream.on("data", (chunk) => { fromServer = Buffer.concat([fromServer, chunk]); client.write(chunk); });
  client.on("data", (chunk) => {
    if (!heldBack && chunk.includes("typarray")) {
      heldBack = true;
      // BackendKeyData: 'K', length 12, the backend's pid.
      const at = fromServer.indexOf(Buffer.from([0x4b, 0, 0, 0, 12]));
      const pid = fromServer.readInt32BE(at + 5);
      if (process.env.HOW === "reset") client.resetAndDestroy();
      else admin\`select pg_terminate_backend(\${pid})\`.catch((error) => { console.error(error); process.exit(7); });
      return;
    }
    upstream.write(chunk);
  });
  upstream.on("close", () => client.destroy());
  client.on("close", () => upstream.destroy());
  upstream.on("error", () => {});
  client.on("error", () => {});
});
proxy.listen(0, "127.0.0.1", async () => {
  const sql = postgres({ ...Object.fromEntries(["user", "database"].map((k) => [k, k === "user" ? target.username : target.pathname.slice(1)])),
    host: "127.0.0.1", port: proxy.address().port, max: 1, onnotice: () => {}, backoff: 0.05 });
  const first = await sql\`select 1 as one\`.then(([row]) => "rows " + row.one, (error) => "failed " + error.code);
  const second = await sql\`select 2 as two, array[1, 2]::int[] as list\`.then(([row]) => "rows " + row.two + " " + JSON.stringify(row.list), (error) => "failed " + error.code);
  await new Promise((r) => setTimeout(r, 300));
  console.log(JSON.stringify({ heldBack, connections, first, second, rejections }));
  await sql.end({ timeout: 1 }); await admin.end({ timeout: 1 });
  proxy.close();
});
`;

describe("postgres.js with the #1208 patch", () => {
  it.each([
    ["ESM", `(await import("postgres")).default`],
    ["CommonJS", `require("postgres")`],
  ])("survives a backend killed inside a transaction, and the pool works after it (%s)", (_entry, load) => {
    const wrapped = load.startsWith("(await") ? `(async () => { ${REPRODUCTION(load)} })()` : REPRODUCTION(load);
    const child = spawnSync(process.execPath, ["-e", wrapped], {
      env: { ...process.env, URL: process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(child.stderr).not.toContain("UNCAUGHT");
    expect({ status: child.status, out: child.stdout.trim() }).toEqual({ status: 0, out: "survived" });
  });
});

describe("postgres.js with the #1192/#1223 patch", () => {
  it.each([
    ["terminated", "ESM", `(await import("postgres")).default`],
    ["terminated", "CommonJS", `require("postgres")`],
    ["reset", "ESM", `(await import("postgres")).default`],
    ["reset", "CommonJS", `require("postgres")`],
  ])(
    "a connection %s during its startup types query: no unhandled rejection, no stale error replayed (%s)",
    (how, _entry, load) => {
      const script = load.startsWith("(await") ? `(async () => { ${STARTUP_KILL(load)} })()` : STARTUP_KILL(load);
      const child = spawnSync(process.execPath, ["-e", script], {
        env: { ...process.env, URL: process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL, HOW: how },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(child.stderr).toBe("");
      const seen = JSON.parse(child.stdout.trim());
      // The types query was really held back and the connection really replaced.
      expect(seen.heldBack).toBe(true);
      expect(seen.connections).toBeGreaterThanOrEqual(2);
      expect(seen.rejections).toEqual([]);
      // Terminated, the waiting query is sent on the new socket and succeeds; reset (a socket error, the
      // driver's `error()` path) fails the waiting query with that error, as any query on a reset socket.
      expect(seen.first).toBe(how === "terminated" ? "rows 1" : "failed ECONNRESET");
      expect(seen.second).toBe("rows 2 [1,2]");
    },
  );
});
