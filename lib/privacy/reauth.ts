import "server-only";
import argon2 from "argon2";
import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { bucketsFor, consumeAttempt, minutesUntil, refundAttempt } from "@/lib/security/rate-limit";

export type ReauthResult =
  | { ok: true }
  | { ok: false; reason: "wrong_password" }
  | { ok: false; reason: "too_many"; minutes: number };

/**
 * The signed-in buyer types the password again before a sensitive step (the full number in a
 * download, deleting the account). Wrong guesses are throttled per account like sign-in.
 */
export async function confirmPassword(
  db: Executor,
  { userId, password, now }: { userId: string; password: string; now: Date },
): Promise<ReauthResult> {
  const buckets = bucketsFor("reauth", { identifiers: [`user:${userId}`] });
  const gate = await consumeAttempt(db, { buckets, now });
  if (!gate.ok) return { ok: false, reason: "too_many", minutes: minutesUntil(gate) };
  const [row] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)));
  const ok = !!row && password.length <= 128 && (await argon2.verify(row.passwordHash, password).catch(() => false));
  if (!ok) return { ok: false, reason: "wrong_password" };
  await refundAttempt(db, { buckets, now });
  return { ok: true };
}
