import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUnavailableError } from "@/lib/db/availability";
import { type DbHandle, resultRows } from "@/lib/db/client";
import { serverDb } from "@/lib/testing/db";

/**
 * A query whose backend is terminated while it runs: a lone read is sent again on a fresh connection
 * and answers; a write, or a read inside a transaction, fails and is not sent twice.
 */
describe("a query whose connection dies under it (real server)", () => {
  let handle: DbHandle & { url: string };
  let admin: postgres.Sql;
  beforeAll(async () => {
    handle = await serverDb({ max: 2 });
    admin = postgres(handle.url, { max: 1, onnotice: () => {} });
    await handle.db.execute(sql`create table retry_probe (id serial primary key, note text not null)`);
  });
  afterAll(async () => {
    await admin?.end({ timeout: 1 });
    await handle?.close();
  });

  /** Terminates, once, the backend that is running a statement containing `marker`. */
  async function terminateWhenRunning(marker: string): Promise<number> {
    for (let i = 0; i < 200; i += 1) {
      const [row] = await admin`select pid from pg_stat_activity
        where state = 'active' and query like ${`%${marker}%`} and pid <> pg_backend_pid() limit 1`;
      if (row) {
        await admin`select pg_terminate_backend(${row.pid})`;
        return row.pid as number;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no backend ran ${marker}`);
  }

  async function outcome(
    run: () => Promise<unknown>,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      return { ok: false, error };
    }
  }

  it("sends a lone read again and answers it from another backend", async () => {
    const read = outcome(() =>
      handle.db.execute(sql`select pg_backend_pid() as pid, pg_sleep(0.5)::text as slept, 'read-marker' as marker`),
    );
    const killed = await terminateWhenRunning("read-marker");
    const result = await read;
    expect(result.ok).toBe(true);
    const [row] = resultRows<{ pid: number }>((result as { value: unknown }).value);
    expect(row.pid).not.toBe(killed);
  });

  it("never sends a write again: it fails, and what it would have written is there at most once", async () => {
    const write = outcome(() =>
      handle.db.execute(sql`insert into retry_probe (note) select 'write-marker' from pg_sleep(0.5)`),
    );
    await terminateWhenRunning("write-marker");
    const result = await write;
    expect(result.ok).toBe(false);
    expect(isUnavailableError((result as { error: unknown }).error)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const [{ n }] = await admin`select count(*)::int as n from retry_probe where note = 'write-marker'`;
    expect(n).toBe(0);
  });

  it("never sends a read inside a transaction again: the transaction fails", async () => {
    const tx = outcome(() =>
      handle.db.transaction(async (t) => {
        await t.execute(sql`insert into retry_probe (note) values ('tx-before')`);
        return t.execute(sql`select pg_sleep(0.5)::text as slept, 'tx-marker' as marker`);
      }),
    );
    await terminateWhenRunning("tx-marker");
    const result = await tx;
    expect(result.ok).toBe(false);
    const [{ n }] = await admin`select count(*)::int as n from retry_probe where note = 'tx-before'`;
    expect(n).toBe(0);
  });

  it("keeps a query's own error as it is (not a connection failure)", async () => {
    const result = await outcome(() => handle.db.execute(sql`select 1 / 0 as never`));
    expect(result.ok).toBe(false);
    expect(isUnavailableError((result as { error: unknown }).error)).toBe(false);
    expect((result as { error: { cause?: { code?: string } } }).error.cause?.code).toBe("22012");
  });
});
