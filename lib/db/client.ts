import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { type PgDatabase, PgPreparedQuery, type PgQueryResultHKT, type PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { isUnavailableError } from "./availability";
import { nameEveryStatement } from "./named-statements";
import * as schema from "./schema";

type Schema = typeof schema;
/** One handle type for both drivers: the domain code never knows which one it has. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or a transaction. */
export type Executor = Db | Tx;

/** What a failed query keeps of the database's error: its reason, SQLSTATE and constraint, no values. */
export class DatabaseFailure extends Error {
  readonly code?: string;
  readonly constraint?: string;
  constructor(cause: unknown) {
    const raw = (cause ?? {}) as { message?: unknown; code?: unknown; constraint?: unknown; constraint_name?: unknown };
    // "invalid input syntax for type uuid: \"…\"" quotes the value it refused.
    const message = String(raw.message ?? cause).replace(/: ".*"$/s, ': "…"');
    super(message);
    this.name = "DatabaseFailure";
    if (typeof raw.code === "string") this.code = raw.code;
    const constraint = raw.constraint ?? raw.constraint_name;
    if (typeof constraint === "string") this.constraint = constraint;
  }
}

/** A failed query, named by its SQL text only. */
export class QueryFailure extends Error {
  constructor(
    readonly query: string,
    override readonly cause: DatabaseFailure,
  ) {
    super(`Failed query: ${query}\n${cause.message}`);
    this.name = "QueryFailure";
  }
}

/**
 * Drizzle's error for a failed query lists every bound parameter in its message (an email, a
 * password hash, with a bad identifier the full number), and PGlite's and postgres.js's errors
 * carry them as properties; Next prints whatever error reaches it. Failed queries are rethrown here,
 * at the one place every query runs through, with the SQL and the reason only.
 */
type QueryWithCache = (this: unknown, queryString: string, params: unknown[], query: () => unknown) => unknown;
const prepared = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache; __onpQuiet?: true };
if (!prepared.__onpQuiet) {
  const loud = prepared.queryWithCache;
  prepared.queryWithCache = async function (queryString, params, query) {
    let cause: unknown;
    try {
      return await loud.call(this, queryString, params, query);
    } catch (error) {
      cause = (error as { cause?: unknown }).cause ?? error;
    }
    if (isRetriableRead(this, queryString, cause)) {
      await new Promise((resolve) => setTimeout(resolve, READ_RETRY_PAUSE_MS));
      try {
        return await loud.call(this, queryString, params, query);
      } catch (error) {
        cause = (error as { cause?: unknown }).cause ?? error;
      }
    }
    throw new QueryFailure(queryString, new DatabaseFailure(cause));
  };
  prepared.__onpQuiet = true;
}

/**
 * A read that lost its connection (its backend terminated, the socket reset) is sent once more, after a
 * pause that lets the pool see its other dead sockets: a page's query then lands on a fresh connection
 * instead of failing the page. Only a lone `select` outside a transaction: it changes nothing, so
 * running it twice is safe. A write, or anything in a transaction (whose earlier statements died with
 * the connection), is never sent again; its caller gets the failure.
 */
export const READ_RETRY_PAUSE_MS = 50;

export function isRetriableRead(preparedQuery: unknown, queryString: string, cause: unknown): boolean {
  if (!isUnavailableError(cause) || !/^\s*select\b/i.test(queryString)) return false;
  // postgres.js hands a transaction's queries a `sql` with `savepoint`; the pool's own has none.
  const client = (preparedQuery as { client?: { savepoint?: unknown } }).client;
  return !!client && typeof client.savepoint !== "function";
}

/** The rows of a raw `execute`: postgres.js returns an array, PGlite an object holding one. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

export type DbHandle = { db: Db; driver: "pglite" | "postgres"; close: () => Promise<void> };

const MIGRATIONS = path.join(process.cwd(), "drizzle");
/** Serialises migrations from several instances starting at once against one server. */
const MIGRATION_LOCK = 7_310_421;

const CONNECT_TIMEOUT_S = Number(process.env.DATABASE_CONNECT_TIMEOUT_S || 3);

/**
 * Seconds before a connection that failed is tried again. postgres.js's default grows to 20 s after a
 * few failures, so an app whose server came back stayed unavailable for up to 20 s more; 1 s at most.
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(0.05 * 2 ** attempt, 1);
}

export type DbOptions = {
  url?: string;
  dataDir?: string;
  max?: number;
  /** For tests: an in-memory PGlite started from a data directory PGlite dumped (`dumpDataDir`). */
  loadDataDir?: Blob;
};

/** Opens a database: the postgres driver for a URL, else PGlite in `dataDir` (or in memory). */
export async function openDb({ url, dataDir, max = 10, loadDataDir }: DbOptions): Promise<DbHandle> {
  if (url) {
    await nameEveryStatement();
    // A server that is restarting refuses at once; one that does not answer must not hold a page for 30 s.
    const client = postgres(url, {
      max,
      onnotice: () => {},
      connect_timeout: CONNECT_TIMEOUT_S,
      backoff: reconnectDelay,
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite(loadDataDir ? { loadDataDir } : {});
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, driver: "pglite", close: () => client.close() };
}

export async function migrateDb(handle: DbHandle, url?: string): Promise<void> {
  if (handle.driver === "pglite") {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS });
    return;
  }
  if (!url) throw new Error("migrateDb: the postgres driver needs its url");
  const lockClient = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lockClient`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder: MIGRATIONS });
    await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await lockClient.end({ timeout: 5 });
  }
}
