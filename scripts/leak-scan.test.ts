import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { knownSecrets, scanDatabaseFiles, scanText } from "./leak-scan";

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
