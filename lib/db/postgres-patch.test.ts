import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_SERVER_URL } from "@/lib/testing/db";

// postgres.js 3.4.9 queues the ROLLBACK of a transaction whose backend died and then writes it to the
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
