/**
 * Auth.js as the app configures it (lib/auth.ts), run for real: `auth()` reads the session cookie
 * through next/headers, decodes the JWT with AUTH_SECRET and runs the `jwt` and `session` callbacks
 * against real `auth_sessions` rows.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { authSessions } from "@/lib/db/schema";
import { memoryDb } from "@/lib/testing/db";
import { makeBuyer } from "@/lib/testing/protection";
import { requestContext, SESSION_COOKIE, sessionToken, signInAs, useCookie } from "@/lib/testing/session";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));
vi.mock("next/headers", async () => (await import("@/lib/testing/session")).nextHeaders);

const { auth, authOrUnavailable, SESSION_MAX_AGE_S } = await import("@/lib/auth");

let handle: DbHandle;
beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
});
afterAll(async () => handle?.close());
beforeEach(() => requestContext.reset());

describe("auth() and the jwt callback", () => {
  it("accepts a cookie whose session row is live, with the account's id and role", async () => {
    const buyer = await makeBuyer(handle.db);
    await signInAs(handle.db, { userId: buyer.id });
    const session = await auth();
    expect(session?.user).toMatchObject({ id: buyer.id, role: "buyer" });
    // Read twice: a live session stays live (the check does not use the row up).
    expect((await auth())?.user.id).toBe(buyer.id);

    await signInAs(handle.db, { userId: buyer.id, role: "operator" });
    expect((await auth())?.user.role).toBe("operator");
  });

  it("refuses the same cookie once its row is revoked", async () => {
    const buyer = await makeBuyer(handle.db);
    const { sid } = await signInAs(handle.db, { userId: buyer.id });
    expect((await auth())?.user.id).toBe(buyer.id);
    await handle.db.update(authSessions).set({ revokedAt: new Date() }).where(eq(authSessions.id, sid));
    expect(await auth()).toBeNull();
  });

  it("refuses a cookie whose row has expired, though the JWT itself has not", async () => {
    const buyer = await makeBuyer(handle.db);
    await signInAs(handle.db, { userId: buyer.id, expiresAt: new Date(Date.now() - 1_000) });
    expect(await auth()).toBeNull();
  });

  it("refuses a token naming no row, an unknown row, or a row of the past", async () => {
    const buyer = await makeBuyer(handle.db);
    const secret = process.env.AUTH_SECRET as string;
    const { encode } = await import("next-auth/jwt");
    useCookie(await encode({ token: { sub: buyer.id, role: "buyer" }, secret, salt: SESSION_COOKIE }));
    expect(await auth()).toBeNull();
    useCookie(await sessionToken({ userId: buyer.id, sid: "00000000-0000-4000-8000-000000000000" }));
    expect(await auth()).toBeNull();
    useCookie(await sessionToken({ userId: buyer.id, sid: "not-a-uuid" }));
    expect(await auth()).toBeNull();
  });

  it("refuses a cookie sealed with another secret, and no cookie at all", async () => {
    const buyer = await makeBuyer(handle.db);
    const { sid } = await signInAs(handle.db, { userId: buyer.id });
    const { encode } = await import("next-auth/jwt");
    useCookie(
      await encode({ token: { sub: buyer.id, sid, role: "buyer" }, secret: "another secret", salt: SESSION_COOKIE }),
    );
    expect(await auth()).toBeNull();
    requestContext.jar.clear();
    expect(await auth()).toBeNull();
  });

  it("keeps a session for a week at most", () => {
    expect(SESSION_MAX_AGE_S).toBe(7 * 24 * 60 * 60);
  });
});

describe("authOrUnavailable()", () => {
  /** A database whose every read fails as a dropped connection does. */
  const unreachable = (code: string) => ({
    select: () => ({
      from: () => ({ where: () => Promise.reject(Object.assign(new Error("connection lost"), { code })) }),
    }),
  });

  it("throws when the session row could not be read, where auth() reads as signed out", async () => {
    const buyer = await makeBuyer(handle.db);
    await signInAs(handle.db, { userId: buyer.id });
    state.db = unreachable("CONNECTION_CLOSED");
    try {
      expect(await auth()).toBeNull();
      await expect(authOrUnavailable()).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    } finally {
      state.db = handle.db;
    }
    expect((await authOrUnavailable())?.user.id).toBe(buyer.id);
  });

  it("reads a revoked session, a query's own error, or no cookie as signed out, as auth() does", async () => {
    const buyer = await makeBuyer(handle.db);
    const { sid } = await signInAs(handle.db, { userId: buyer.id });
    await handle.db.update(authSessions).set({ revokedAt: new Date() }).where(eq(authSessions.id, sid));
    expect(await authOrUnavailable()).toBeNull();
    await signInAs(handle.db, { userId: buyer.id });
    state.db = unreachable("42P01");
    try {
      expect(await authOrUnavailable()).toBeNull();
    } finally {
      state.db = handle.db;
    }
    requestContext.jar.clear();
    expect(await authOrUnavailable()).toBeNull();
  });
});
