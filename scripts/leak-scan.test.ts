import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb } from "@/lib/testing/db";
import { DUMP_LABEL, knownSecrets, scanDatabaseFiles, scanPgDump, scanText } from "./leak-scan";

describe("leak scan", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "leak-scan-"));
  const dataDir = path.join(dir, "run");
  writeFileSync(`${dataDir}.buyers.jsonl`, `${JSON.stringify({ phone: "13611112222", password: "pw-abc-secret" })}\n`);
  const secrets = knownSecrets(`${dataDir}.buyers.jsonl`);

  it("knows the seeded numbers and the recorded buyers", () => {
    expect(secrets.map((s) => s.kind)).toEqual(["phone", "phone", "phone", "phone", "password"]);
  });

  it("finds a number in any spacing, a password, and never prints them", () => {
    const found = scanText("[WebServer] sms to +86 136-1111-2222 ok; body pw-abc-secret", secrets, "log");
    expect(found).toEqual(["log: a phone (…222)", "log: a password (…ret)"]);
    expect(scanText("[WebServer] 136****2222 masked, 1361111222 short", secrets, "log")).toEqual([]);
  });

  it("finds a plaintext number in the database files, not a masked one", () => {
    mkdirSync(path.join(dataDir, "pglite", "pg_wal"), { recursive: true });
    writeFileSync(path.join(dataDir, "pglite", "base"), Buffer.from("\x00\x01136****2222\x00"));
    expect(scanDatabaseFiles(dataDir, secrets)).toEqual([]);
    writeFileSync(path.join(dataDir, "pglite", "pg_wal", "000001"), Buffer.from("\x00\x0213611112222\x00"));
    expect(scanDatabaseFiles(dataDir, secrets)).toEqual(["pglite/pg_wal/000001: a phone (…222)"]);
  });
});

describe("leak scan of a pg_dump", () => {
  const secrets = knownSecrets("/nonexistent.buyers.jsonl");
  secrets.push({ kind: "phone", value: "13611112222" });
  let handle: Awaited<ReturnType<typeof serverDb>>;
  let sql: postgres.Sql;

  beforeAll(async () => {
    handle = await serverDb({ max: 1 });
    sql = postgres(handle.url, { max: 1, onnotice: () => {} });
    await sql`create table leak_probe (note text, raw bytea)`;
  });
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await handle?.close();
  });

  it("reports nothing on a clean database, nor on a masked number", async () => {
    expect(scanPgDump(handle.url, secrets)).toEqual([]);
    await sql`insert into leak_probe (note) values ('sms to 136****2222'), ('1361111222 is one digit short')`;
    expect(scanPgDump(handle.url, secrets)).toEqual([]);
  });

  it("finds a planted number in a text column and in a bytea column", async () => {
    await sql`insert into leak_probe (note) values ('call back on 136 1111 2222')`;
    expect(scanPgDump(handle.url, secrets)).toEqual([`${DUMP_LABEL}: a phone (…222)`]);
    await sql`delete from leak_probe`;
    await sql`insert into leak_probe (raw) values (convert_to('13824681357', 'UTF8'))`;
    expect(scanPgDump(handle.url, secrets)).toEqual([`${DUMP_LABEL}: a phone as bytea (…357)`]);
  });

  it("counts a failed dump as a finding, never as clean", () => {
    const missing = new URL(handle.url);
    missing.pathname = "/onp_test_no_such_database";
    expect(scanPgDump(missing.toString(), secrets)).toEqual([
      expect.stringMatching(new RegExp(`^${DUMP_LABEL} failed: .*does not exist`)),
    ]);
  });
});
