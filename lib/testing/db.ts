import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { type Db, type DbHandle, migrateDb, openDb, type Tx } from "@/lib/db/client";

export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/test";

/** A fresh, migrated, in-memory PGlite. */
export async function memoryDb(): Promise<DbHandle> {
  return openDb({ loadDataDir: await migratedDataDir() });
}

/**
 * PGlite's data directory just after the migrations, as PGlite dumps it. Creating a PGlite runs initdb
 * (about 3.4 s here) and the migrations add 0.3 s; starting one from this dump takes 0.5 s. It is made
 * once per version of the migrations and of PGlite, kept in node_modules/.cache for every test process
 * (and every mutant's), and once per process in memory.
 */
async function migratedDataDir(): Promise<Blob> {
  const g = globalThis as unknown as { __onpMigratedDataDir?: Promise<Blob> };
  g.__onpMigratedDataDir ??= loadOrMakeDataDir().catch((error: unknown) => {
    g.__onpMigratedDataDir = undefined;
    throw error;
  });
  return g.__onpMigratedDataDir;
}

async function loadOrMakeDataDir(): Promise<Blob> {
  const migrations = path.join(process.cwd(), "drizzle");
  const hash = createHash("sha256");
  const pglite = JSON.parse(
    await readFile(path.join(process.cwd(), "node_modules/@electric-sql/pglite/package.json"), "utf8"),
  ) as { version: string };
  hash.update(pglite.version);
  for (const name of (await readdir(migrations, { recursive: true })).sort()) {
    if (!/\.(sql|json)$/.test(name)) continue;
    hash.update(`\0${name}\0`);
    hash.update(await readFile(path.join(migrations, name)));
  }
  const dir = path.join(process.cwd(), "node_modules/.cache/onp-pglite");
  const file = path.join(dir, `migrated-${hash.digest("hex").slice(0, 16)}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not made yet for these migrations: make it below.
  }
  const handle = await openDb({});
  await migrateDb(handle);
  const dump = await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
  await handle.close();
  // Test processes start at once: each writes its own file and renames it into place.
  await mkdir(dir, { recursive: true });
  const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, file);
  return dump;
}

/**
 * A fresh database on a real PostgreSQL server (TEST_DATABASE_URL, else the local server, unless `base`
 * names one), migrated, dropped again on close. Fails loudly when no server answers: race tests are
 * never skipped silently.
 */
export async function serverDb({
  max = 10,
  base = process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL,
  prefix = "onp_test",
}: {
  max?: number;
  base?: string;
  prefix?: string;
} = {}): Promise<DbHandle & { url: string }> {
  const admin = postgres(base, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end();
    throw new Error(
      `These tests need a real PostgreSQL server and none answered at ${base} (${String(error)}). Start one (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_DATABASE_URL.`,
    );
  }
  const drop = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  const parsed = new URL(base);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  let handle: DbHandle;
  try {
    handle = await openDb({ url, max });
    await migrateDb(handle, url);
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close().catch(() => {});
      await drop();
    },
  };
}

export type DriverCase = { name: "pglite" | "postgres"; open: () => Promise<DbHandle> };

/** PGlite always; the real server too when TEST_DATABASE_URL is set. */
export function drivers(): DriverCase[] {
  const cases: DriverCase[] = [{ name: "pglite", open: memoryDb }];
  if (process.env.TEST_DATABASE_URL) cases.push({ name: "postgres", open: () => serverDb() });
  return cases;
}

/**
 * `db` whose transactions run through `around` (to do something just before a transaction, or between
 * its work and its commit, as a concurrent request would); everything else is `db` itself.
 */
export function aroundTransactions(db: Db, around: (run: (tx: Tx) => Promise<unknown>) => Promise<unknown>): Db {
  return new Proxy(db, {
    get(target, key) {
      if (key === "transaction") return around;
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
