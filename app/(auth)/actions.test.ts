/**
 * Signing in and out through the real server actions and Auth.js: sign-in opens a session row named by
 * the cookie it sets, sign-out revokes that row so the same cookie, replayed, is refused.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { authSessions, mailOutbox, users } from "@/lib/db/schema";
import { memoryDb } from "@/lib/testing/db";
import { makeBuyer } from "@/lib/testing/protection";
import { requestContext, SESSION_COOKIE, signInAs, useCookie } from "@/lib/testing/session";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));
vi.mock("next/headers", async () => (await import("@/lib/testing/session")).nextHeaders);
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error(`NEXT_REDIRECT ${to}`), { digest: `NEXT_REDIRECT;replace;${to};307;` });
  },
}));

const { forgotPasswordAction, signInAction, signOutAction, signUpAction } = await import("./actions");
const { securitySettings } = await import("@/lib/security/settings");
const { auth, SESSION_MAX_AGE_S } = await import("@/lib/auth");

const PASSWORD = "a long enough password";
let handle: DbHandle;
beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
});
afterAll(async () => handle?.close());
beforeEach(() => requestContext.reset());

const sessionRows = (userId: string) =>
  handle.db
    .select({ id: authSessions.id, expiresAt: authSessions.expiresAt, revokedAt: authSessions.revokedAt })
    .from(authSessions)
    .where(eq(authSessions.userId, userId));

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("signInAction", () => {
  it("opens one session row for a week and sets the cookie that names it", async () => {
    const buyer = await makeBuyer(handle.db);
    const before = Date.now();
    await expect(
      signInAction({ status: "idle" }, form({ identifier: buyer.email, password: PASSWORD, next: "/pickup" })),
    ).rejects.toThrow("NEXT_REDIRECT http://localhost:3000/pickup");
    const rows = await sessionRows(buyer.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].revokedAt).toBeNull();
    const lifetime = rows[0].expiresAt.getTime() - before;
    expect(lifetime).toBeGreaterThanOrEqual(SESSION_MAX_AGE_S * 1000 - 1_000);
    expect(lifetime).toBeLessThanOrEqual(SESSION_MAX_AGE_S * 1000 + 60_000);
    expect(requestContext.jar.has(SESSION_COOKIE)).toBe(true);
    expect((await auth())?.user).toMatchObject({ id: buyer.id, role: "buyer", email: buyer.email });
  });

  it("a wrong password opens no session and says so", async () => {
    const buyer = await makeBuyer(handle.db);
    const result = await signInAction(
      { status: "idle" },
      form({ identifier: buyer.email, password: "wrong password" }),
    );
    expect(result).toMatchObject({ status: "error", values: { identifier: buyer.email } });
    expect(await sessionRows(buyer.id)).toEqual([]);
    expect(requestContext.jar.has(SESSION_COOKIE)).toBe(false);
  });
});

describe("signOutAction", () => {
  it("revokes the session row: the cookie, replayed afterwards, is refused", async () => {
    const buyer = await makeBuyer(handle.db);
    const { sid, cookie } = await signInAs(handle.db, { userId: buyer.id });
    const other = await signInAs(handle.db, { userId: buyer.id });
    useCookie(cookie);
    expect((await auth())?.user.id).toBe(buyer.id);

    await expect(signOutAction()).rejects.toThrow(/NEXT_REDIRECT .*\/sign-in$/);
    expect(requestContext.jar.has(SESSION_COOKIE)).toBe(false);
    const rows = await sessionRows(buyer.id);
    expect(rows.find((row) => row.id === sid)?.revokedAt).toBeInstanceOf(Date);
    // Only this session ends: the buyer's other device stays signed in.
    expect(rows.find((row) => row.id === other.sid)?.revokedAt).toBeNull();

    useCookie(cookie);
    expect(await auth()).toBeNull();
    useCookie(other.cookie);
    expect((await auth())?.user.id).toBe(buyer.id);
  });

  it("without a session, does nothing and still goes to sign-in", async () => {
    await expect(signOutAction()).rejects.toThrow(/NEXT_REDIRECT .*\/sign-in$/);
  });
});

let serial = 0;
/** A new client address and a fresh mobile number for each attempt, so only the bucket under test fills. */
function fresh() {
  serial += 1;
  requestContext.headers.set("x-forwarded-for", `198.51.100.${serial % 250}`);
  return { phone: `139${String(process.pid % 1000).padStart(3, "0")}${String(serial).padStart(5, "0")}` };
}
const tooMany = `Too many attempts. Try again in ${securitySettings.rateLimitWindowMinutes} minutes.`;
const outboxTo = (to: string) =>
  handle.db
    .select({ subject: mailOutbox.subject, body: mailOutbox.body })
    .from(mailOutbox)
    .where(eq(mailOutbox.to, to));

describe("signUpAction", () => {
  const signUp = (fields: { email: string; phone: string }) =>
    signUpAction({ status: "idle" }, form({ name: "New Buyer", password: PASSWORD, ...fields }));

  it("counts attempts per email: the one over the limit is refused and creates nothing", async () => {
    const email = `limit-email-${process.pid}@example.com`;
    for (let i = 0; i < securitySettings.signUpPerAccount; i++) {
      await expect(signUp({ email, ...fresh() })).rejects.toThrow("NEXT_REDIRECT /sign-in?signedUp=1");
    }
    const { phone } = fresh();
    expect(await signUp({ email, phone })).toMatchObject({ status: "error", message: tooMany });
    expect(await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email))).toHaveLength(1);
  });

  it("counts attempts per mobile number too, whatever the email", async () => {
    const { phone } = fresh();
    for (let i = 0; i < securitySettings.signUpPerAccount; i++) {
      fresh();
      await expect(signUp({ email: `limit-phone-${process.pid}-${i}@example.com`, phone })).rejects.toThrow(
        "NEXT_REDIRECT",
      );
    }
    fresh();
    expect(await signUp({ email: `limit-phone-${process.pid}-last@example.com`, phone })).toMatchObject({
      status: "error",
      message: tooMany,
    });
  });

  it("tells the owner of a taken email by mail, with links to this site", async () => {
    const buyer = await makeBuyer(handle.db);
    await expect(signUp({ email: buyer.email, ...fresh() })).rejects.toThrow("NEXT_REDIRECT");
    const [mail] = await outboxTo(buyer.email);
    expect(mail.body).toContain("http://localhost:3000/sign-in");
    expect(mail.body).toContain("http://localhost:3000/forgot-password");
  });
});

describe("forgotPasswordAction", () => {
  const forgot = (email: string) => forgotPasswordAction({ status: "idle" }, form({ email }));

  it("mails a link on this site for each request, until the limit per email", async () => {
    const buyer = await makeBuyer(handle.db);
    const sent = `If an account uses ${buyer.email}, a link to set a new password is on its way. It works for 30 minutes, once.`;
    for (let i = 0; i < securitySettings.resetPerAccount; i++) {
      fresh();
      expect(await forgot(buyer.email)).toMatchObject({ status: "success", message: sent });
    }
    const mails = await outboxTo(buyer.email);
    expect(mails).toHaveLength(securitySettings.resetPerAccount);
    for (const mail of mails) expect(mail.body).toMatch(/http:\/\/localhost:3000\/reset-password\?token=[\w-]{43}/);
    fresh();
    expect(await forgot(buyer.email)).toMatchObject({ status: "error", message: tooMany });
    expect(await outboxTo(buyer.email)).toHaveLength(securitySettings.resetPerAccount);
  });
});
