import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "@/lib/accounts";
import type { DbHandle } from "@/lib/db/client";
import { authSessions } from "@/lib/db/schema";
import { drivers } from "@/lib/testing/db";
import { isSessionLive, revokeAllSessions } from "./sessions";

const HOUR = 60 * 60 * 1000;

describe.each(drivers())("sessions on $name", ({ open }) => {
  let handle: DbHandle;
  let userId: string;
  beforeAll(async () => {
    handle = await open();
    const created = await createAccount(handle.db, {
      name: "Session Owner",
      email: "sessions@example.com",
      phone: "13855556666",
      password: "a long enough password",
    });
    if (!created.ok) throw new Error("account not created");
    userId = created.account.id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("a session works until its lifetime is over, whatever the cookie says", async () => {
    const t0 = new Date("2026-05-01T00:00:00Z");
    const [row] = await handle.db
      .insert(authSessions)
      .values({ userId, createdAt: t0, expiresAt: new Date(t0.getTime() + 7 * 24 * HOUR) })
      .returning({ id: authSessions.id });
    expect(await isSessionLive(handle.db, { sid: row.id, now: t0 })).toBe(true);
    expect(await isSessionLive(handle.db, { sid: row.id, now: new Date(t0.getTime() + 7 * 24 * HOUR - 1) })).toBe(true);
    expect(await isSessionLive(handle.db, { sid: row.id, now: new Date(t0.getTime() + 7 * 24 * HOUR) })).toBe(false);
  });

  it("revoking ends every session of the account at once; unknown or malformed ids are never live", async () => {
    const now = new Date("2026-05-02T00:00:00Z");
    const rows = await handle.db
      .insert(authSessions)
      .values([1, 2, 3].map(() => ({ userId, expiresAt: new Date(now.getTime() + HOUR) })))
      .returning({ id: authSessions.id });
    for (const { id } of rows) expect(await isSessionLive(handle.db, { sid: id, now })).toBe(true);
    await revokeAllSessions(handle.db, { userId, now });
    for (const { id } of rows) expect(await isSessionLive(handle.db, { sid: id, now })).toBe(false);
    expect(await isSessionLive(handle.db, { sid: "00000000-0000-4000-8000-000000000000", now })).toBe(false);
    expect(await isSessionLive(handle.db, { sid: "' or 1=1 --", now })).toBe(false);
  });
});
