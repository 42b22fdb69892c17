import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "@/lib/accounts";
import { decryptPhone } from "@/lib/crypto/phone";
import { type DbHandle, resultRows as rows } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { drivers } from "@/lib/testing/db";

describe.each(drivers())("migrations and accounts on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("creates every table on an empty database", async () => {
    const tables = rows<{ table_name: string }>(
      await handle.db.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      ),
    ).map((row) => row.table_name);
    expect(tables).toEqual(
      expect.arrayContaining(["users", "orders", "bindings", "slots", "host_numbers", "activity_events"]),
    );
  });

  it("stores the mobile number encrypted, keyed-hashed and masked, never in plaintext", async () => {
    const result = await createAccount(handle.db, {
      name: "Plain Text",
      email: "plain@example.com",
      phone: "13811112222",
      password: "correct horse battery",
    });
    expect(result.ok).toBe(true);
    const [raw] = rows<Record<string, unknown>>(
      await handle.db.execute(sql`select * from users where email = 'plain@example.com'`),
    );
    const dump = JSON.stringify(raw);
    expect(dump).not.toContain("13811112222");
    expect(dump).not.toContain("11112222");
    expect(raw.phone_masked).toBe("138****2222");
    expect(String(raw.phone_hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(decryptPhone(String(raw.phone_ciphertext), String(raw.id))).toBe("13811112222");
    expect(() => decryptPhone(String(raw.phone_ciphertext), "00000000-0000-0000-0000-000000000000")).toThrow();
  });

  it("rejects a duplicate mobile number through the keyed hash, and a duplicate email", async () => {
    const phone = await createAccount(handle.db, {
      name: "Second",
      email: "second@example.com",
      phone: "13811112222",
      password: "another password",
    });
    expect(phone).toEqual({ ok: false, field: "phone" });
    const email = await createAccount(handle.db, {
      name: "Third",
      email: "plain@example.com",
      phone: "13833334444",
      password: "another password",
    });
    expect(email).toEqual({ ok: false, field: "email" });
    const count = await handle.db.select({ id: users.id }).from(users);
    expect(count).toHaveLength(1);
  });
});
