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
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    // A running server's folder also holds its socket and lock files.
    return entry.isFile() && statSync(full, { throwIfNoEntry: false }) ? [full] : [];
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

/** pg_dump where it is installed; elsewhere (a machine with only the embedded server) every row in SQL. */
export const DUMP_LABEL =
  spawnSync("pg_dump", ["--version"], { stdio: "ignore" }).status === 0 ? "pg_dump" : "table dump";

/** Every row of every table as PostgreSQL writes it as text (bytea as `\\x…` hex), one line each. */
const TABLE_DUMP = `
import postgres from "postgres";
const sql = postgres(process.argv[1], { max: 1, onnotice: () => {}, connect_timeout: 10 });
const quote = (name) => '"' + name.replaceAll('"', '""') + '"';
try {
  const tables = await sql\`select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema')\`;
  for (const t of tables) {
    for (const r of await sql.unsafe(\`select t::text as row from \${quote(t.schemaname)}.\${quote(t.tablename)} t\`)) process.stdout.write(r.row + "\\n");
  }
} catch (error) {
  process.stderr.write(String(error.message ?? error) + "\\n");
  process.exitCode = 1;
} finally {
  await sql.end({ timeout: 5 });
}`;

/** The whole dump, schema and data; bytea comes out as hex, so a number's hex form counts too. */
export function scanPgDump(url: string, secrets: Secret[]): string[] {
  const dump =
    DUMP_LABEL === "pg_dump"
      ? spawnSync("pg_dump", ["--no-owner", url], { encoding: "utf8", maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, ["--input-type=module", "-e", TABLE_DUMP, url], {
          encoding: "utf8",
          maxBuffer: 1 << 30,
        });
  if (dump.status !== 0) {
    return [`${DUMP_LABEL} failed: ${dump.error?.message ?? dump.stderr.trim().split("\n").at(-1)}`];
  }
  const phones = secrets.filter((s) => s.kind === "phone");
  const hex = phones.filter((s) => dump.stdout.includes(Buffer.from(s.value, "latin1").toString("hex")));
  return [
    ...scanText(dump.stdout, phones, DUMP_LABEL),
    ...hex.map((s) => `${DUMP_LABEL}: a phone as bytea (…${s.value.slice(-3)})`),
  ];
}

/** Runs every scan; prints and returns what it found. */
export function leakScan({ log, dataDir, databaseUrl }: { log: string; dataDir: string; databaseUrl?: string }) {
  const secrets = knownSecrets(`${dataDir}.buyers.jsonl`);
  const serverLog = log
    .split("\n")
    .filter((line) => line.startsWith("[WebServer]"))
    .join("\n");
  const where = databaseUrl ? DUMP_LABEL : "database files";
  const found = [
    ...scanText(serverLog, secrets, "server log"),
    ...(databaseUrl ? scanPgDump(databaseUrl, secrets) : scanDatabaseFiles(dataDir, secrets)),
  ];
  const buyers = secrets.filter((s) => s.kind === "password").length;
  if (found.length > 0) {
    console.error(`[leak-scan] FOUND ${found.length}:\n  ${found.join("\n  ")}`);
  } else {
    console.info(
      `[leak-scan] server log (${serverLog.split("\n").length} lines) and ${where}: no full real number of ${SEEDED_PHONES.length + buyers} buyers, no password of ${buyers}`,
    );
  }
  return found;
}
