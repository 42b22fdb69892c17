/**
 * The data access layer as pages and actions use it, behind the real Auth.js session check: who the
 * viewer is, where an anonymous visitor is sent, what an operator-only page does for a buyer.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { DbHandle } from "@/lib/db/client";
import { authSessions, users } from "@/lib/db/schema";
import { memoryDb } from "@/lib/testing/db";
import { makeBuyer } from "@/lib/testing/protection";
import { requestContext, SESSION_COOKIE, sessionToken, signInAs, useCookie } from "@/lib/testing/session";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));
vi.mock("next/headers", async () => (await import("@/lib/testing/session")).nextHeaders);
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const { getViewer, requireOperator, requireViewer, withBuyer, withSession } = await import("./dal");
const { dbAvailability, markDbUp } = await import("@/lib/db/availability");

let handle: DbHandle;
beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
});
afterAll(async () => handle?.close());
beforeEach(() => requestContext.reset());

async function signedIn(role: "buyer" | "operator" = "buyer") {
  const buyer = await makeBuyer(handle.db);
  if (role === "operator") await handle.db.update(users).set({ role }).where(eq(users.id, buyer.id));
  await signInAs(handle.db, { userId: buyer.id, role });
  return buyer;
}

describe("getViewer", () => {
  it("is the signed-in account as the database has it now, with a masked number", async () => {
    const buyer = await signedIn();
    const viewer = await getViewer();
    expect(viewer).toEqual({
      id: buyer.id,
      name: expect.stringMatching(/^Buyer /),
      email: buyer.email,
      phoneMasked: expect.stringMatching(/^139\*{4}\d{4}$/),
      role: "buyer",
    });
    // The role comes from the row, not the cookie.
    await handle.db.update(users).set({ role: "operator" }).where(eq(users.id, buyer.id));
    expect((await getViewer())?.role).toBe("operator");
  });

  it("is null when anonymous, or when the session's account is gone", async () => {
    expect(await getViewer()).toBeNull();
    const buyer = await signedIn();
    await handle.db.delete(users).where(eq(users.id, buyer.id));
    expect(await getViewer()).toBeNull();
  });
});

describe("getViewer reads the Auth.js cookie itself, and the session row with the account in one query", () => {
  const secret = () => process.env.AUTH_SECRET as string;

  it("refuses a cookie once its row is revoked or has expired, though the JWT itself has not", async () => {
    const buyer = await makeBuyer(handle.db);
    const { sid } = await signInAs(handle.db, { userId: buyer.id });
    expect((await getViewer())?.id).toBe(buyer.id);
    await handle.db.update(authSessions).set({ revokedAt: new Date() }).where(eq(authSessions.id, sid));
    expect(await getViewer()).toBeNull();
    await signInAs(handle.db, { userId: buyer.id, expiresAt: new Date(Date.now() - 1_000) });
    expect(await getViewer()).toBeNull();
  });

  it("refuses a session row of another account, an unknown row, a malformed id and no sid at all", async () => {
    const owner = await makeBuyer(handle.db);
    const other = await makeBuyer(handle.db);
    const { sid } = await signInAs(handle.db, { userId: other.id });
    useCookie(await sessionToken({ userId: owner.id, sid }));
    expect(await getViewer()).toBeNull();
    useCookie(await sessionToken({ userId: owner.id, sid: "00000000-0000-4000-8000-000000000000" }));
    expect(await getViewer()).toBeNull();
    useCookie(await sessionToken({ userId: owner.id, sid: "not-a-uuid" }));
    expect(await getViewer()).toBeNull();
    const { encode } = await import("next-auth/jwt");
    useCookie(await encode({ token: { sub: owner.id }, secret: secret(), salt: SESSION_COOKIE }));
    expect(await getViewer()).toBeNull();
  });

  it("refuses a cookie sealed with another secret, under another name's salt, or past its exp", async () => {
    const buyer = await makeBuyer(handle.db);
    const { sid, cookie } = await signInAs(handle.db, { userId: buyer.id });
    const { encode } = await import("next-auth/jwt");
    const token = { sub: buyer.id, sid, role: "buyer" };
    useCookie(await encode({ token, secret: "another secret", salt: SESSION_COOKIE }));
    expect(await getViewer()).toBeNull();
    useCookie(`${cookie.slice(0, -4)}AAAA`);
    expect(await getViewer()).toBeNull();
    requestContext.jar.clear();
    requestContext.jar.set(`__Secure-${SESSION_COOKIE}`, cookie);
    expect(await getViewer()).toBeNull();
    useCookie(await encode({ token, secret: secret(), salt: SESSION_COOKIE, maxAge: -60 }));
    expect(await getViewer()).toBeNull();
  });

  it("joins a cookie Auth.js split into chunks, in their order", async () => {
    const buyer = await makeBuyer(handle.db);
    const { cookie } = await signInAs(handle.db, { userId: buyer.id });
    requestContext.jar.clear();
    const third = Math.ceil(cookie.length / 3);
    requestContext.jar.set(`${SESSION_COOKIE}.2`, cookie.slice(2 * third));
    requestContext.jar.set(`${SESSION_COOKIE}.0`, cookie.slice(0, third));
    requestContext.jar.set(`${SESSION_COOKIE}.1`, cookie.slice(third, 2 * third));
    expect((await getViewer())?.id).toBe(buyer.id);
  });
});

describe("requireViewer and requireOperator", () => {
  it("send an anonymous visitor to sign-in, coming back to the page asked for", async () => {
    await expect(requireViewer("/orders/42?tab=contacts")).rejects.toThrow(
      "NEXT_REDIRECT /sign-in?next=%2Forders%2F42%3Ftab%3Dcontacts",
    );
    await expect(requireOperator("/operator")).rejects.toThrow("NEXT_REDIRECT /sign-in?next=%2Foperator");
  });

  it("let a buyer through to buyer pages, and show them no operator page", async () => {
    const buyer = await signedIn();
    expect((await requireViewer("/orders")).id).toBe(buyer.id);
    await expect(requireOperator("/operator")).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("let an operator through to the console", async () => {
    const operator = await signedIn("operator");
    expect(await requireOperator("/operator")).toMatchObject({ id: operator.id, role: "operator" });
  });
});

describe("withBuyer", () => {
  const echo = withBuyer(z.object({ count: z.coerce.number().int().min(1) }), async ({ viewer, input, now }) => ({
    status: "success",
    message: `${viewer.id}:${input.count}:${now instanceof Date}`,
  }));
  const form = (count: string) => {
    const data = new FormData();
    data.set("count", count);
    return data;
  };

  it("hands the action the viewer and the parsed form", async () => {
    const buyer = await signedIn();
    expect(await echo({ status: "idle" }, form("3"))).toEqual({ status: "success", message: `${buyer.id}:3:true` });
  });

  it("refuses an anonymous call and a bad form, without running the action", async () => {
    expect(await echo({ status: "idle" }, form("3"))).toEqual({
      status: "error",
      message: "Your session has ended. Sign in again.",
    });
    await signedIn();
    const bad = await echo({ status: "idle" }, form("0"));
    // A buyer's form never comes back with what was typed (it may hold a password).
    expect(bad).toEqual({
      status: "error",
      message: "Check the highlighted fields.",
      fieldErrors: { count: [expect.any(String)] },
    });
  });

  it("says the database could not be reached when it went away under the action, and marks it down", async () => {
    await signedIn();
    const gone = withBuyer(z.object({}), async () => {
      throw Object.assign(new Error("gone"), { code: "CONNECTION_CLOSED" });
    });
    expect(await gone({ status: "idle" }, new FormData())).toEqual({
      status: "error",
      message: "We couldn't reach our database, so this may not have gone through. Check again in a moment.",
    });
    expect(dbAvailability()).toMatchObject({ up: false, lastError: "CONNECTION_CLOSED" });
    markDbUp();
    // Any other failure is the action's own: it is thrown, not dressed up as an outage.
    const broken = withBuyer(z.object({}), async () => {
      throw new Error("a bug");
    });
    await expect(broken({ status: "idle" }, new FormData())).rejects.toThrow("a bug");
    expect(dbAvailability().up).toBe(true);
  });
});

describe("withSession for the operator console", () => {
  const rename = withSession(
    z.object({ name: z.string().min(3, "invalid"), percentage: z.coerce.number().int().max(100, "percentageNumber") }),
    { role: "operator" },
    async ({ viewer, input, db }) => {
      const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, viewer.id));
      return { status: "success", message: `${row.role}:${input.name}:${input.percentage}` };
    },
  );
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) data.set(key, value);
    return data;
  };

  it("refuses a buyer, and an anonymous call, without running the action", async () => {
    expect(await rename({ status: "idle" }, form({ name: "abc", percentage: "5" }))).toEqual({
      status: "error",
      message: "Your session has ended. Sign in again.",
    });
    await signedIn();
    expect(await rename({ status: "idle" }, form({ name: "abc", percentage: "5" }))).toEqual({
      status: "error",
      message: "Only operators can do this. Nothing was changed.",
    });
  });

  it("runs for an operator, with the database", async () => {
    await signedIn("operator");
    expect(await rename({ status: "idle" }, form({ name: "abc", percentage: "5" }))).toEqual({
      status: "success",
      message: "operator:abc:5",
    });
  });

  it("a bad form comes back with the console's messages and what was typed", async () => {
    await signedIn("operator");
    expect(await rename({ status: "idle" }, form({ name: "ab", percentage: "101" }))).toEqual({
      status: "error",
      message: "Check the highlighted fields.",
      fieldErrors: { name: ["This value is not valid."], percentage: ["Enter a whole number from 0 to 100."] },
      values: { name: "ab", percentage: "101" },
    });
  });

  it("does not send back a file posted with a bad form: only what was typed", async () => {
    await signedIn("operator");
    const data = form({ name: "ab", percentage: "5" });
    data.set("upload", new File(["not typed"], "list.csv"));
    const answer = await rename({ status: "idle" }, data);
    expect(answer).toMatchObject({ status: "error", values: { name: "ab", percentage: "5" } });
    expect(Object.keys((answer as { values: object }).values).sort()).toEqual(["name", "percentage"]);
  });
});
