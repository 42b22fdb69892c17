import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { authSessions } from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";

/** A session row is live until it is revoked (sign-out, account deletion) or its lifetime is over. */
export async function isSessionLive(db: Executor, { sid, now }: { sid: string; now: Date }): Promise<boolean> {
  if (!isUuid(sid)) return false;
  const [row] = await db
    .select({ id: authSessions.id })
    .from(authSessions)
    .where(and(eq(authSessions.id, sid), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, now)));
  // The row found is the one asked for (`!!row` could not tell a select of no columns from this one).
  return row?.id === sid.toLowerCase();
}

/** Ends every session of an account at once. */
export async function revokeAllSessions(db: Executor, { userId, now }: { userId: string; now: Date }) {
  await db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt)));
}
