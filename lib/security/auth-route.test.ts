/** Auth.js's credentials endpoint behind the sign-in limit: a proper 429 for a caller that posts to it directly. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { memoryDb } from "@/lib/testing/db";
import { consumeAttempt, signInBuckets } from "./rate-limit";
import { securitySettings } from "./settings";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));

const { withSignInLimit } = await import("./auth-route");

let handle: DbHandle;
beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
});
afterAll(async () => handle?.close());

const ORIGIN = "http://localhost:3000";
const address = () => `198.51.100.${randomBytes(1)[0]}-${randomBytes(4).toString("hex")}`;

function post(path: string, ip: string, identifier = "buyer@example.com"): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body: new URLSearchParams({ identifier, password: "whatever it is" }).toString(),
  });
}

/** Uses up the address's sign-in attempts, the window having started `agoMs` before now. */
async function exhaust(ip: string, agoMs = 0) {
  const buckets = await signInBuckets(handle.db, { identifier: "", ip });
  const now = new Date(Date.now() - agoMs);
  for (let i = 0; i <= securitySettings.signInPerIp; i++) await consumeAttempt(handle.db, { buckets, now });
}

function wrapped() {
  const handler = vi.fn(async (_request: Request) => new Response("from Auth.js"));
  return { handler, route: withSignInLimit(handler) };
}

describe("withSignInLimit", () => {
  it("passes a sign-in under the limit to Auth.js, the body still readable", async () => {
    const { handler, route } = wrapped();
    const response = await route(post("/api/auth/callback/credentials", address()));
    expect(await response.text()).toBe("from Auth.js");
    expect(handler).toHaveBeenCalledTimes(1);
    expect((await handler.mock.calls[0][0].formData()).get("identifier")).toBe("buyer@example.com");
  });

  it("answers 429 for an address over its limit, with when to try again, and never reaches Auth.js", async () => {
    const ip = address();
    await exhaust(ip);
    const { handler, route } = wrapped();
    const response = await route(post("/api/auth/callback/credentials", ip));
    expect(response.status).toBe(429);
    const body = await response.json();
    const minutes = securitySettings.rateLimitWindowMinutes;
    expect(body).toEqual({
      error: "too_many_attempts",
      message: `Too many attempts. Try again in ${minutes} minutes.`,
      retryAfter: expect.any(Number),
    });
    expect(body.retryAfter).toBeGreaterThan((minutes - 1) * 60);
    expect(body.retryAfter).toBeLessThanOrEqual(minutes * 60);
    expect(response.headers.get("retry-after")).toBe(String(body.retryAfter));
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(handler).not.toHaveBeenCalled();
  });

  it("says one minute, not one minutes", async () => {
    const ip = address();
    await exhaust(ip, securitySettings.rateLimitWindowMinutes * 60_000 - 30_000);
    const response = await wrapped().route(post("/api/auth/callback/credentials", ip));
    expect((await response.json()).message).toBe("Too many attempts. Try again in 1 minute.");
  });

  it("answers 429 for an account over its limit from any address, by the identifier the form names", async () => {
    const identifier = `buyer-${randomBytes(4).toString("hex")}@example.com`;
    const buckets = await signInBuckets(handle.db, { identifier, ip: null });
    for (let i = 0; i <= securitySettings.signInPerAccount; i++)
      await consumeAttempt(handle.db, { buckets, now: new Date() });
    const { handler, route } = wrapped();
    expect((await route(post("/api/auth/callback/credentials", address(), identifier))).status).toBe(429);
    expect((await route(post("/api/auth/callback/credentials", address(), identifier.toUpperCase()))).status).toBe(429);
    expect((await route(post("/api/auth/callback/credentials", address(), `other-${identifier}`))).status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("counts a post that is not a form against the address too", async () => {
    const ip = address();
    await exhaust(ip);
    const request = new Request(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: "{",
    });
    expect((await wrapped().route(request)).status).toBe(429);
  });

  it("leaves every other Auth.js request alone, even from an address over its limit", async () => {
    const ip = address();
    await exhaust(ip);
    const { handler, route } = wrapped();
    const signOut = await route(post("/api/auth/signout", ip));
    const session = await route(
      new Request(`${ORIGIN}/api/auth/callback/credentials`, { headers: { "x-forwarded-for": ip } }),
    );
    expect([signOut.status, session.status]).toEqual([200, 200]);
    expect(handler).toHaveBeenCalledTimes(2);
  });
});
