/**
 * Auth.js's own endpoints as lib/auth.ts configures them, called with real requests: the sign-in
 * page it points to, the credentials callback (validation, session row, a week-long token), and the
 * host check that only an embedded demo or AUTH_TRUST_HOST turns off in production.
 */
import { eq } from "drizzle-orm";
import { decode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { authSessions, users } from "@/lib/db/schema";
import { memoryDb } from "@/lib/testing/db";
import { makeBuyer } from "@/lib/testing/protection";
import { requestContext, SESSION_COOKIE, signInAs, useCookie } from "@/lib/testing/session";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));
vi.mock("next/headers", async () => (await import("@/lib/testing/session")).nextHeaders);

const { GET, POST } = await import("./route");
const { auth, SESSION_MAX_AGE_S } = await import("@/lib/auth");

const BASE = "http://localhost:3000/api/auth";
let handle: DbHandle;
beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
});
afterAll(async () => handle?.close());
beforeEach(() => requestContext.reset());
afterEach(() => vi.unstubAllEnvs());

/** Set-Cookie pairs of a response, by name. */
function setCookies(response: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    out.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return out;
}

/** Posts the credentials form the way the Auth.js client does: CSRF token first, then the callback. */
async function postCredentials(fields: Record<string, string>): Promise<Response> {
  const csrf = await GET(new Request(`${BASE}/csrf`) as never);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = [...setCookies(csrf)].map(([name, value]) => `${name}=${value}`).join("; ");
  const body = new URLSearchParams({ ...fields, csrfToken, callbackUrl: "http://localhost:3000/orders" });
  return POST(
    new Request(`${BASE}/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": "192.0.2.77" },
      body,
    }) as never,
  );
}

describe("/api/auth", () => {
  it("sends the built-in sign-in page to the app's own", async () => {
    const response = await GET(new Request(`${BASE}/signin`) as never);
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location") ?? "", "http://localhost:3000").pathname).toBe("/sign-in");
  });

  it("the credentials callback opens a session row and a token that lasts a week", async () => {
    const buyer = await makeBuyer(handle.db);
    const response = await postCredentials({ identifier: buyer.email, password: "a long enough password" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost:3000/orders");
    const token = setCookies(response).get(SESSION_COOKIE);
    expect(token).toBeTruthy();
    const payload = await decode({ token, secret: process.env.AUTH_SECRET as string, salt: SESSION_COOKIE });
    const [row] = await handle.db
      .select({ id: authSessions.id })
      .from(authSessions)
      .where(eq(authSessions.userId, buyer.id));
    expect(payload).toMatchObject({ sub: buyer.id, sid: row.id, role: "buyer" });
    expect(Number(payload?.exp) - Number(payload?.iat)).toBe(SESSION_MAX_AGE_S);
  });

  it("the session row lives as long as the token and its cookie signs in; an operator's token says operator", async () => {
    const operator = await makeBuyer(handle.db);
    await handle.db.update(users).set({ role: "operator" }).where(eq(users.id, operator.id));
    const before = Date.now();
    const response = await postCredentials({ identifier: operator.email, password: "a long enough password" });
    const after = Date.now();
    const token = setCookies(response).get(SESSION_COOKIE) as string;
    const payload = await decode({ token, secret: process.env.AUTH_SECRET as string, salt: SESSION_COOKIE });
    expect(payload?.role).toBe("operator");
    const [row] = await handle.db
      .select({ expiresAt: authSessions.expiresAt, revokedAt: authSessions.revokedAt })
      .from(authSessions)
      .where(eq(authSessions.userId, operator.id));
    expect(row.revokedAt).toBeNull();
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + SESSION_MAX_AGE_S * 1000);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(after + SESSION_MAX_AGE_S * 1000);
    useCookie(token);
    expect((await auth())?.user).toMatchObject({ id: operator.id, role: "operator" });
  });

  it("a malformed or wrong sign-in is a plain credentials error, and opens nothing", async () => {
    const buyer = await makeBuyer(handle.db);
    for (const fields of [
      { identifier: "", password: "a long enough password" },
      { identifier: buyer.email, password: "" },
      { identifier: buyer.email, password: "the wrong password" },
    ]) {
      const response = await postCredentials(fields);
      const location = new URL(response.headers.get("location") ?? "", "http://localhost:3000");
      expect(location.searchParams.get("error"), JSON.stringify(fields)).toBe("CredentialsSignin");
      expect(setCookies(response).has(SESSION_COOKIE)).toBe(false);
    }
    expect(await handle.db.select().from(authSessions).where(eq(authSessions.userId, buyer.id))).toEqual([]);
  });

  it("in production on a server database, trusts the Host header only with AUTH_TRUST_HOST=true", async () => {
    const buyer = await makeBuyer(handle.db);
    await signInAs(handle.db, { userId: buyer.id });
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("DATABASE_URL", "postgres://db.internal/app");
    vi.stubEnv("AUTH_TRUST_HOST", "");
    expect(await auth()).toBeNull();
    vi.stubEnv("AUTH_TRUST_HOST", "1");
    expect(await auth()).toBeNull();
    vi.stubEnv("AUTH_TRUST_HOST", "true");
    expect((await auth())?.user.id).toBe(buyer.id);
    // The embedded demo runs straight from `next start`: trusted without the variable.
    vi.stubEnv("AUTH_TRUST_HOST", "");
    vi.stubEnv("DATABASE_URL", "");
    expect((await auth())?.user.id).toBe(buyer.id);
    vi.stubEnv("NODE_ENV", "test");
    vi.stubEnv("DATABASE_URL", "postgres://db.internal/app");
    expect((await auth())?.user.id).toBe(buyer.id);
  });
});
