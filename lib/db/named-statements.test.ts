import { sql } from "drizzle-orm";
import { PostgresJsSession } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDb } from "@/lib/testing/db";
import type { DbHandle } from "./client";
import { resultRows } from "./client";
import { nameEveryStatement } from "./named-statements";
import { users } from "./schema";

describe("every query a prepared statement (postgres driver)", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await serverDb({ max: 1 });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("a plain Drizzle query is prepared once on its connection and reused", async () => {
    for (let i = 0; i < 3; i++) await handle.db.select({ id: users.id }).from(users).limit(1);
    const prepared = resultRows<{ statement: string }>(
      await handle.db.execute(sql`select statement from pg_prepared_statements where statement like '%from "users"%'`),
    );
    expect(prepared.map((row) => row.statement)).toEqual(['select "id" from "users" limit $1']);
  });

  it("fails loudly when Drizzle no longer has the method it patches", async () => {
    await expect(nameEveryStatement({})).rejects.toThrow(/prepareQuery is gone/);
  });

  it("fails loudly when an upgraded Drizzle no longer prepares a named query", async () => {
    const session = PostgresJsSession.prototype as unknown as {
      prepareQuery: (...args: unknown[]) => { prepare: boolean };
      __onpNamed?: true;
    };
    const patched = session.prepareQuery;
    session.prepareQuery = function (...args: unknown[]) {
      return Object.assign(patched.apply(this, args), { prepare: false });
    };
    delete session.__onpNamed;
    try {
      await expect(nameEveryStatement()).rejects.toThrow(/reach postgres.js unprepared/);
    } finally {
      session.prepareQuery = patched;
      session.__onpNamed = true;
    }
    await expect(nameEveryStatement()).resolves.toBeUndefined();
  });
});
