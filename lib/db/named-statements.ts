import { sql } from "drizzle-orm";
import { drizzle, PostgresJsSession } from "drizzle-orm/postgres-js";

type PrepareQuery = (this: unknown, query: unknown, fields: unknown, name: unknown, ...rest: unknown[]) => unknown;
type Patched = { prepareQuery?: unknown; __onpNamed?: true };

/**
 * Makes Drizzle hand every query to postgres.js as a prepared statement.
 *
 * Drizzle 0.45 sends a query unnamed unless it was built with `.prepare(name)` (`prepare: name !== undefined`
 * in PostgresJsSession.prepareQuery), so PostgreSQL planned each call afresh: the relay's one-statement
 * lookup spent longer planning than running (docs/PERFORMANCE.md). Drizzle has no option for it (drizzle-orm
 * issue 6096 asks for one), hence this patch of its session; every query text is fixed in the code, so
 * postgres.js's per-connection statement cache stays small. Drop the patch once Drizzle passes the client's
 * `prepare` through.
 *
 * Throws, rather than going quietly slow, when an upgrade changed what the patch relies on: it then
 * checks that a query really reaches the postgres.js client with `prepare: true`.
 */
export async function nameEveryStatement(session: Patched = PostgresJsSession.prototype): Promise<void> {
  if (typeof session.prepareQuery !== "function") {
    throw new Error(
      "drizzle-orm changed: PostgresJsSession.prepareQuery is gone, lib/db/named-statements.ts needs a look",
    );
  }
  if (!session.__onpNamed) {
    const unnamed = session.prepareQuery as PrepareQuery;
    session.prepareQuery = function (
      this: unknown,
      query: unknown,
      fields: unknown,
      name: unknown,
      ...rest: unknown[]
    ) {
      return unnamed.call(this, query, fields, name ?? "", ...rest);
    } satisfies PrepareQuery;
    session.__onpNamed = true;
  }
  if ((await preparedFlagOfAQuery()) !== true) {
    throw new Error(
      "drizzle-orm changed: its queries reach postgres.js unprepared despite lib/db/named-statements.ts; fix or drop the patch",
    );
  }
}

/** The `prepare` option a Drizzle query passes to `client.unsafe`, seen on a stand-in client (no server). */
async function preparedFlagOfAQuery(): Promise<unknown> {
  let seen: unknown;
  const rows = Object.assign(Promise.resolve([]), { values: () => Promise.resolve([]) });
  const client = {
    options: { parsers: {}, serializers: {} },
    unsafe: (_query: string, _params: unknown[], options?: { prepare?: boolean }) => {
      seen = options?.prepare;
      return rows;
    },
  };
  await drizzle(client as never).execute(sql`select 1`);
  return seen;
}
