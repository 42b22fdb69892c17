import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { hashPassword } from "@/lib/accounts";
import type { Executor } from "@/lib/db";
import { authSessions, passwordResets, rateLimits, users } from "@/lib/db/schema";
import { type MailConfig, sendMailQuietly } from "@/lib/mail/send";
import { accountBucketKey } from "./rate-limit";

/** A reset link works this long. */
export const RESET_TOKEN_MINUTES = 30;

function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export type ResetMailText = (link: string) => { subject: string; text: string };

/**
 * "Forgot password": when the email has an account, a single-use link valid 30 minutes is mailed to
 * it. The caller answers the same whether it has one or not; the mail goes out in the background so
 * the time taken does not tell either.
 */
export async function requestPasswordReset(
  db: Executor,
  {
    email,
    baseUrl,
    now,
    mailText,
    mail,
  }: { email: string; baseUrl: string; now: Date; mailText: ResetMailText; mail?: MailConfig },
): Promise<{ sent: Promise<void> }> {
  const [user] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)))
    .limit(1);
  if (!user) return { sent: Promise.resolve() };
  const token = randomBytes(32).toString("base64url");
  await db.insert(passwordResets).values({
    userId: user.id,
    tokenHash: tokenHash(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + RESET_TOKEN_MINUTES * 60_000),
  });
  const link = new URL(`/reset-password?token=${token}`, baseUrl).toString();
  const { subject, text } = mailText(link);
  return { sent: sendMailQuietly(db, { to: user.email, subject, text }, mail) };
}

/** Whether a token from a link can still set a password (for the page, before the form is shown). */
export async function isResetTokenUsable(db: Executor, { token, now }: { token: string; now: Date }) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  const [row] = await db
    .select({ id: passwordResets.id })
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    );
  return row?.id !== undefined;
}

export type ResetResult = { ok: true; userId: string } | { ok: false; reason: "invalid" };

/**
 * Sets a new password with a token: the token is used up (so a second use fails), every other open
 * link of the account too, every session of the account is revoked, and the account's failed
 * sign-ins are forgiven, so the owner is never left locked out.
 */
export async function resetPassword(
  db: Executor,
  { token, password, now }: { token: string; password: string; now: Date },
): Promise<ResetResult> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: "invalid" };
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResets.tokenHash, tokenHash(token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResets.userId });
    if (!used) return { ok: false, reason: "invalid" } as const;
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, used.userId), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash: hash }).where(eq(users.id, used.userId));
    await tx
      .update(authSessions)
      .set({ revokedAt: now })
      .where(and(eq(authSessions.userId, used.userId), isNull(authSessions.revokedAt)));
    await tx.delete(rateLimits).where(eq(rateLimits.key, accountBucketKey("sign-in", used.userId)));
    return { ok: true, userId: used.userId } as const;
  });
}
