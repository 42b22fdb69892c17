import path from "node:path";
import { seedDemo } from "@/lib/demo/seed";
import { databaseUrl, dataDir, isEmbedded, secrets } from "@/lib/env";
import { type Db, type DbHandle, migrateDb, openDb } from "./client";

const g = globalThis as unknown as { __onpDb?: Promise<DbHandle> };

async function start(): Promise<DbHandle> {
  secrets();
  const url = databaseUrl();
  const handle = await openDb(
    url ? { url, max: Number(process.env.DATABASE_POOL_SIZE || 10) } : { dataDir: path.join(dataDir(), "pglite") },
  );
  await migrateDb(handle, url);
  if (isEmbedded()) await seedDemo(handle.db, new Date());
  return handle;
}

/**
 * The one database client of this process, created on first use and cached on globalThis.
 * Migrations (and, on the embedded database, the demo seed) have run before it resolves.
 */
export async function getDb(): Promise<Db> {
  if (!g.__onpDb) {
    g.__onpDb = start().catch((error: unknown) => {
      g.__onpDb = undefined;
      throw error;
    });
  }
  return (await g.__onpDb).db;
}
