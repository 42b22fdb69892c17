import { eq } from "drizzle-orm";
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

  it("an id is matched as a UUID in any case; anything else is refused without asking the database", async () => {
    const now = new Date("2026-05-03T00:00:00Z");
    const [row] = await handle.db
      .insert(authSessions)
      .values({ userId, expiresAt: new Date(now.getTime() + HOUR) })
      .returning({ id: authSessions.id });
    expect(await isSessionLive(handle.db, { sid: row.id.toUpperCase(), now })).toBe(true);
    // A malformed id never reaches the uuid column (which would throw): each is plainly not live.
    for (const sid of [`x${row.id}`, `${row.id}x`, row.id.slice(1), `${row.id.slice(0, 35)}g`, ""]) {
      expect(await isSessionLive(handle.db, { sid, now }), sid).toBe(false);
    }
  });

  it("revoking touches only this account's sessions still live, and keeps when each earlier one ended", async () => {
    const other = await createAccount(handle.db, {
      name: "Someone Else",
      email: "sessions-other@example.com",
      phone: "13855557777",
      password: "a long enough password",
    });
    if (!other.ok) throw new Error("account not created");
    const earlier = new Date("2026-05-04T00:00:00Z");
    const now = new Date("2026-05-04T06:00:00Z");
    const expiresAt = new Date(now.getTime() + HOUR);
    const [ended] = await handle.db
      .insert(authSessions)
      .values({ userId, expiresAt, revokedAt: earlier })
      .returning({ id: authSessions.id });
    const [live] = await handle.db
      .insert(authSessions)
      .values({ userId, expiresAt })
      .returning({ id: authSessions.id });
    const [theirs] = await handle.db
      .insert(authSessions)
      .values({ userId: other.account.id, expiresAt })
      .returning({ id: authSessions.id });
    await revokeAllSessions(handle.db, { userId, now });
    const revokedAt = async (id: string) =>
      (await handle.db.select({ at: authSessions.revokedAt }).from(authSessions).where(eq(authSessions.id, id)))[0].at;
    expect(await revokedAt(ended.id)).toEqual(earlier);
    expect(await revokedAt(live.id)).toEqual(now);
    expect(await revokedAt(theirs.id)).toBeNull();
    expect(await isSessionLive(handle.db, { sid: theirs.id, now })).toBe(true);
  });
});
