/**
 * After the browser tests: the server's log and the database files must not hold a buyer's full
 * real number, nor an e2e buyer's password. Scans the `[WebServer]` lines Playwright relayed, every
 * file of the embedded database (tables, indexes and WAL, so even rows written and deleted
 * again), or instead a pg_dump when the run used a PostgreSQL server (scripts/e2e.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The seeded accounts' real numbers (lib/demo/seed.ts). */
const SEEDED_PHONES = ["13824681357", "13987654321", "13700007777"];

export type Secret = { kind: "phone" | "password"; value: string };

/** The secrets the run created: seeded numbers plus every buyer e2e/fixtures.ts signed up. */
export function knownSecrets(buyersFile: string): Secret[] {
  const secrets: Secret[] = SEEDED_PHONES.map((value) => ({ kind: "phone", value }));
  if (existsSync(buyersFile)) {
    for (const line of readFileSync(buyersFile, "utf8").split("\n").filter(Boolean)) {
      const { phone, password } = JSON.parse(line) as { phone: string; password: string };
      secrets.push({ kind: "phone", value: phone }, { kind: "password", value: password });
    }
  }
  return secrets;
}

function phonePattern(phone: string): RegExp {
  const sep = "[\\s.\\-]?";
  return new RegExp(`(?<!\\d)${phone.split("").join(sep)}(?!\\d)`);
}

/** Lines of `text` that contain a secret, named by kind (never the secret itself). */
export function scanText(text: string, secrets: Secret[], where: string): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    const hit = secret.kind === "phone" ? phonePattern(secret.value).test(text) : text.includes(secret.value);
    if (hit) found.push(`${where}: a ${secret.kind} (…${secret.value.slice(-3)})`);
  }
  return found;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Raw bytes of the embedded database: plaintext anywhere in a page or the WAL shows up here. */
export function scanDatabaseFiles(dataDir: string, secrets: Secret[]): string[] {
  const found: string[] = [];
  const phones = secrets.filter((s) => s.kind === "phone").map((s) => Buffer.from(s.value, "latin1"));
  for (const file of filesUnder(path.join(dataDir, "pglite"))) {
    const bytes = readFileSync(file);
    for (const phone of phones) {
      if (bytes.includes(phone))
        found.push(`${path.relative(dataDir, file)}: a phone (…${phone.toString().slice(-3)})`);
    }
  }
  return found;
}

/** The whole dump, schema and data; bytea comes out as hex, so a number's hex form counts too. */
export function scanPgDump(url: string, secrets: Secret[]): string[] {
  const dump = spawnSync("pg_dump", ["--no-owner", url], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (dump.status !== 0) {
    return [`pg_dump failed: ${dump.error?.message ?? dump.stderr.trim().split("\n").at(-1)}`];
  }
  const phones = secrets.filter((s) => s.kind === "phone");
  const hex = phones.filter((s) => dump.stdout.includes(Buffer.from(s.value, "latin1").toString("hex")));
  return [
    ...scanText(dump.stdout, phones, "pg_dump"),
    ...hex.map((s) => `pg_dump: a phone as bytea (…${s.value.slice(-3)})`),
  ];
}

/** Runs every scan; prints and returns what it found. */
export function leakScan({ log, dataDir, databaseUrl }: { log: string; dataDir: string; databaseUrl?: string }) {
  const secrets = knownSecrets(`${dataDir}.buyers.jsonl`);
  const serverLog = log
    .split("\n")
    .filter((line) => line.startsWith("[WebServer]"))
    .join("\n");
  const found = [
    ...scanText(serverLog, secrets, "server log"),
    ...(databaseUrl ? scanPgDump(databaseUrl, secrets) : scanDatabaseFiles(dataDir, secrets)),
  ];
  const buyers = secrets.filter((s) => s.kind === "password").length;
  if (found.length > 0) {
    console.error(`[leak-scan] FOUND ${found.length}:\n  ${found.join("\n  ")}`);
  } else {
    console.info(
      `[leak-scan] server log (${serverLog.split("\n").length} lines) and ${databaseUrl ? "pg_dump" : "database files"}: no full real number of ${SEEDED_PHONES.length + buyers} buyers, no password of ${buyers}`,
    );
  }
  return found;
}
