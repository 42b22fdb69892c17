import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { pruneRateLimits } from "@/lib/security/rate-limit";
import { securitySettings } from "@/lib/security/settings";
import { DAY_MS } from "@/lib/settings";
import { eraseContactDetails, linesStoppedBefore, ofDeletedAccounts } from "./erase";

export type PurgeResult = { contactEvents: number; rateLimits: number; cutoff: Date };

/**
 * Retention (PIPL: keep no longer than needed): once a line has stopped working for longer than
 * RETENTION_DAYS, the caller numbers and message texts of its contact log are erased (at once for a
 * deleted account, whose lines may still log rejected calls). Safe to run
 * any time and as often as wanted; `now` is a parameter so tests can move it.
 */
export async function purgeExpiredContactData(
  db: Executor,
  { now, retentionDays = securitySettings.retentionDays }: { now: Date; retentionDays?: number },
): Promise<PurgeResult> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const where = sql`(${linesStoppedBefore(cutoff)} or ${ofDeletedAccounts()})`;
  const contactEvents = await db.transaction((tx) => eraseContactDetails(tx, where));
  const rateLimits = await pruneRateLimits(db, { now });
  return { contactEvents, rateLimits, cutoff };
}
