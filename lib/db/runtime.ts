import path from "node:path";
import { databaseUrl, dataDir, secrets } from "@/lib/env";
import { type Db, type DbHandle, migrateDb, openDb } from "./client";

/**
 * The database this deployment is configured for: DATABASE_URL, else the embedded PGlite in DATA_DIR,
 * with the migrations applied. The secrets are checked first, so a server without them stops here.
 */
export async function openConfiguredDb({ max }: { max: number }): Promise<DbHandle> {
  secrets();
  const url = databaseUrl();
  const handle = await openDb(url ? { url, max } : { dataDir: path.join(dataDir(), "pglite") });
  try {
    await migrateDb(handle, url);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

const g = globalThis as unknown as { __onpDb?: Promise<DbHandle> };

/** The one database client of this process, created on first use and cached on globalThis. */
export async function getDb(): Promise<Db> {
  if (!g.__onpDb) {
    g.__onpDb = openConfiguredDb({ max: Number(process.env.DATABASE_POOL_SIZE || 10) }).catch((error: unknown) => {
      g.__onpDb = undefined;
      throw error;
    });
  }
  return (await g.__onpDb).db;
}
