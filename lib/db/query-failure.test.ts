import { inspect } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, hashPassword } from "@/lib/accounts";
import type { DbHandle } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { drivers } from "@/lib/testing/db";
import { pgCode } from "@/lib/testing/protection";

const PHONE = "13877778888";
const EMAIL = "quiet@example.com";

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

/** Everything Next's error printing or a console.error could show of it. */
function printed(error: unknown): string {
  return [String(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)].join("\n");
}

describe.each(drivers())("a failed query on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("names the SQL and the reason, never a bound value (a NUL-suffixed number, an email, a password hash)", async () => {
    const hash = await hashPassword("a password nobody may log");
    const error = await failure(() =>
      handle.db
        .select({ id: users.id })
        .from(users)
        .where(
          sql`${users.email} = ${EMAIL} and ${users.passwordHash} = ${hash} and ${users.name} = ${`${PHONE}\u0000`}`,
        ),
    );
    const text = printed(error);
    expect(text).toContain("Failed query: select");
    for (const secret of [PHONE, EMAIL, hash]) expect(text).not.toContain(secret);
  });

  it("keeps the SQLSTATE and the constraint, so callers still tell a duplicate from a failure", async () => {
    const input = { name: "Quiet", email: EMAIL, phone: PHONE, password: "a password nobody may log" };
    expect((await createAccount(handle.db, input)).ok).toBe(true);
    const [row] = await handle.db.select().from(users).where(eq(users.email, EMAIL));
    const error = await failure(() => handle.db.insert(users).values({ ...row, id: crypto.randomUUID() }));
    expect(pgCode(error)).toBe("23505");
    const text = printed(error);
    expect(text).toContain("users_email_key");
    for (const secret of [EMAIL, row.passwordHash, row.phoneMasked, row.phoneHash]) expect(text).not.toContain(secret);
    expect(await createAccount(handle.db, { ...input, phone: "13877779999" })).toEqual({ ok: false, field: "email" });
  });

  it("does not echo the value a type refused", async () => {
    const error = await failure(() => handle.db.execute(sql`select ${`${PHONE}`}::uuid`));
    expect(pgCode(error)).toBe("22P02");
    expect(printed(error)).not.toContain(PHONE);
  });
});
