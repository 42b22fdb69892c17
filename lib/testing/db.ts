import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DbHandle, migrateDb, openDb } from "@/lib/db/client";

export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/test";

/** A fresh, migrated, in-memory PGlite. */
export async function memoryDb(): Promise<DbHandle> {
  const handle = await openDb({});
  await migrateDb(handle);
  return handle;
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
