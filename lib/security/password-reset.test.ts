import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, verifyCredentials } from "@/lib/accounts";
import type { DbHandle } from "@/lib/db/client";
import { authSessions, mailOutbox, passwordResets } from "@/lib/db/schema";
import type { MailConfig } from "@/lib/mail/send";
import { drivers } from "@/lib/testing/db";
import { startSmtpListener } from "@/lib/testing/smtp";
import { isResetTokenUsable, RESET_TOKEN_MINUTES, requestPasswordReset, resetPassword } from "./password-reset";
import { consumeAttempt, peekAttempt, signInBuckets } from "./rate-limit";
import { isSessionLive } from "./sessions";

const MINUTE = 60_000;
const T0 = new Date("2026-05-01T08:00:00Z");
const mailText = (link: string) => ({ subject: "Set a new password", text: `Open ${link} within 30 minutes.` });

describe.each(drivers())("password reset through a real SMTP listener, on $name", ({ open }) => {
  let handle: DbHandle;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let mail: MailConfig;
  let userId: string;
  const email = `reset-${Math.random().toString(36).slice(2)}@example.com`;

  beforeAll(async () => {
    handle = await open();
    smtp = await startSmtpListener();
    mail = { smtpUrl: smtp.url, from: "Order number protection <no-reply@example.com>", demo: false };
    const created = await createAccount(handle.db, {
      name: "Forgetful",
      email,
      phone: "13855554444",
      password: "the old password 1",
    });
    if (!created.ok) throw new Error("account not created");
    userId = created.account.id;
  });
  afterAll(async () => {
    await smtp?.close();
    await handle?.close();
  });

  async function linkFromMail(now: Date): Promise<string> {
    const before = smtp.mails.length;
    const { sent } = await requestPasswordReset(handle.db, {
      email,
      baseUrl: "https://shop.example",
      now,
      mailText,
      mail,
    });
    await sent;
    expect(smtp.mails.length).toBe(before + 1);
    const message = smtp.mails.at(-1);
    expect(message?.to).toEqual([email]);
    expect(message?.from).toBe("no-reply@example.com");
    const link = /https:\/\/shop\.example\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(message?.text ?? "");
    if (!link) throw new Error(`no link in ${message?.text}`);
    return link[1] as string;
  }

  it("mails a link whose token is stored only as a hash; it sets the password once and revokes every session", async () => {
    const [session] = await handle.db
      .insert(authSessions)
      .values({ userId, expiresAt: new Date(T0.getTime() + 7 * 24 * 60 * MINUTE) })
      .returning({ id: authSessions.id });
    const token = await linkFromMail(T0);
    const stored = await handle.db.select().from(passwordResets).where(eq(passwordResets.userId, userId));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]?.expiresAt).toEqual(new Date(T0.getTime() + RESET_TOKEN_MINUTES * MINUTE));

    expect(await isResetTokenUsable(handle.db, { token, now: T0 })).toBe(true);
    const now = new Date(T0.getTime() + 5 * MINUTE);
    expect(await resetPassword(handle.db, { token, password: "the new password 2", now })).toEqual({
      ok: true,
      userId,
    });
    expect(await isSessionLive(handle.db, { sid: session?.id as string, now })).toBe(false);
    expect(await verifyCredentials(handle.db, { identifier: email, password: "the new password 2" })).toMatchObject({
      id: userId,
    });
    expect(await verifyCredentials(handle.db, { identifier: email, password: "the old password 1" })).toBeNull();
    // Single use.
    expect(await resetPassword(handle.db, { token, password: "a third password 3", now })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("a link stops working after 30 minutes, and a newer reset uses up the older links", async () => {
    const late = await linkFromMail(T0);
    expect(
      await resetPassword(handle.db, {
        token: late,
        password: "too late password",
        now: new Date(T0.getTime() + RESET_TOKEN_MINUTES * MINUTE),
      }),
    ).toEqual({ ok: false, reason: "invalid" });
    const first = await linkFromMail(T0);
    const second = await linkFromMail(T0);
    expect(await resetPassword(handle.db, { token: second, password: "the newest password", now: T0 })).toMatchObject({
      ok: true,
    });
    expect(await isResetTokenUsable(handle.db, { token: first, now: T0 })).toBe(false);
    for (const malformed of ["", second.slice(0, 42), `${second}x`, `${second.slice(0, 42)}=`]) {
      expect(await isResetTokenUsable(handle.db, { token: malformed, now: T0 }), malformed).toBe(false);
    }
    expect(await resetPassword(handle.db, { token: "x".repeat(43), password: "whatever password", now: T0 })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("resetting forgives the account's failed sign-ins: the owner is never left waiting", async () => {
    const buckets = await signInBuckets(handle.db, { identifier: email });
    for (let i = 0; i < 8; i++) await consumeAttempt(handle.db, { buckets, now: T0 });
    expect((await peekAttempt(handle.db, { buckets, now: T0 })).ok).toBe(false);
    const token = await linkFromMail(T0);
    await resetPassword(handle.db, { token, password: "locked out no more", now: T0 });
    expect((await peekAttempt(handle.db, { buckets, now: T0 })).ok).toBe(true);
  });

  it("sends nothing and stores nothing for an email with no account", async () => {
    const before = smtp.mails.length;
    const rows = (await handle.db.select().from(passwordResets)).length;
    const { sent } = await requestPasswordReset(handle.db, {
      email: "nobody@example.com",
      baseUrl: "https://shop.example",
      now: T0,
      mailText,
      mail,
    });
    await sent;
    expect(smtp.mails.length).toBe(before);
    expect((await handle.db.select().from(passwordResets)).length).toBe(rows);
  });

  it("in demo mode with no SMTP server the mail lands in the outbox; outside demo mode it is never stored", async () => {
    await (
      await requestPasswordReset(handle.db, {
        email,
        baseUrl: "http://localhost:3000",
        now: T0,
        mailText,
        mail: { from: "x@example.com", demo: true },
      })
    ).sent;
    const outbox = await handle.db.select().from(mailOutbox);
    expect(outbox.at(-1)).toMatchObject({ to: email, subject: "Set a new password" });
    expect(outbox.at(-1)?.body).toMatch(/http:\/\/localhost:3000\/reset-password\?token=/);
    const count = outbox.length;
    await (
      await requestPasswordReset(handle.db, {
        email,
        baseUrl: "http://localhost:3000",
        now: T0,
        mailText,
        mail: { from: "x@example.com", demo: false },
      })
    ).sent;
    expect((await handle.db.select().from(mailOutbox)).length).toBe(count);
  });
});
