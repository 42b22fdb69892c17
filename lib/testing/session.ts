import { encode } from "next-auth/jwt";
import type { Executor } from "@/lib/db/client";
import { authSessions } from "@/lib/db/schema";

/**
 * A signed-in buyer for tests of server actions and route handlers, through the real Auth.js `auth()`:
 * a real `auth_sessions` row and the session cookie Auth.js itself would have set (an encrypted JWT
 * naming that row). Test files hand `nextHeaders` to `vi.mock("next/headers", ...)` (next-auth is
 * inlined in vitest.config.ts so that its own `next/headers` import gets the mock too).
 */
export const SESSION_COOKIE = "authjs.session-token";
const ORIGIN = "http://localhost:3000";

/** The request the code under test sees: its headers, and the cookies it carries or was sent back. */
export const requestContext = {
  headers: new Headers(),
  jar: new Map<string, string>(),
  reset() {
    this.headers = new Headers({
      host: new URL(ORIGIN).host,
      "x-forwarded-proto": "http",
      "x-forwarded-for": "192.0.2.10",
      "accept-language": "en",
    });
    this.jar.clear();
  },
};
requestContext.reset();

function cookieHeader(): string {
  return [...requestContext.jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

/** Stands in for `next/headers`: reads the request above, and `set` changes its jar like a browser would. */
export const nextHeaders = {
  headers: async () => {
    const headers = new Headers(requestContext.headers);
    if (requestContext.jar.size > 0) headers.set("cookie", cookieHeader());
    return headers;
  },
  cookies: async () => ({
    get: (name: string) => {
      const value = requestContext.jar.get(name);
      return value === undefined ? undefined : { name, value };
    },
    getAll: () => [...requestContext.jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => requestContext.jar.has(name),
    set: (name: string, value: string, options?: { maxAge?: number; expires?: Date }) => {
      const gone =
        value === "" || options?.maxAge === 0 || (options?.expires && options.expires.getTime() <= Date.now());
      if (gone) requestContext.jar.delete(name);
      else requestContext.jar.set(name, value);
    },
    delete: (name: string) => requestContext.jar.delete(name),
  }),
};

export type TestSession = { sid: string; cookie: string };

/** The session token Auth.js would issue for this session row (same secret, same salt). */
export async function sessionToken({
  userId,
  sid,
  role = "buyer",
}: {
  userId: string;
  sid: string;
  role?: "buyer" | "operator";
}): Promise<string> {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set (lib/testing/setup.ts sets it)");
  return encode({ token: { sub: userId, sid, role }, secret, salt: SESSION_COOKIE, maxAge: 60 * 60 });
}

/**
 * Signs `userId` in: inserts a live session row, puts its cookie in the request's jar, and returns both
 * (the cookie to replay later, the sid to revoke or inspect).
 */
export async function signInAs(
  db: Executor,
  {
    userId,
    role = "buyer",
    expiresAt = new Date(Date.now() + 60 * 60 * 1000),
  }: { userId: string; role?: "buyer" | "operator"; expiresAt?: Date },
): Promise<TestSession> {
  const [row] = await db.insert(authSessions).values({ userId, expiresAt }).returning({ id: authSessions.id });
  const cookie = await sessionToken({ userId, sid: row.id, role });
  requestContext.jar.set(SESSION_COOKIE, cookie);
  return { sid: row.id, cookie };
}

/** Replays a session cookie (e.g. one kept from before sign-out). */
export function useCookie(cookie: string): void {
  requestContext.jar.set(SESSION_COOKIE, cookie);
}

/** A same-origin form POST as the account page sends it, carrying the jar's cookies. */
export function formRequest(
  pathname: string,
  fields: Record<string, string>,
  { origin = ORIGIN }: { origin?: string | null } = {},
): Request {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  const headers = new Headers({ host: new URL(ORIGIN).host });
  if (origin) headers.set("origin", origin);
  if (requestContext.jar.size > 0) headers.set("cookie", cookieHeader());
  return new Request(new URL(pathname, ORIGIN), { method: "POST", headers, body });
}
