import "server-only";
import { inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { bindings, blockedCallers, contactEvents, users } from "@/lib/db/schema";

/** What an erased caller looks like: no digits left, and a hash no real number can have. */
export const ERASED_CALLER_MASKED = "****";
export const ERASED_CALLER_HASH = "erased";

/**
 * Erases the caller numbers and message texts of the contact events matched by `where`, and the
 * blocks on those callers: what stays (when, channel, merchant/courier/unknown, outcome, pickup
 * code) says nothing about who called. Returns how many events were erased now.
 */
export async function eraseContactDetails(db: Executor, where: SQL): Promise<number> {
  const erased = await db
    .update(contactEvents)
    .set({ callerMasked: ERASED_CALLER_MASKED, callerHash: ERASED_CALLER_HASH, messageText: null })
    .where(sql`${where} and ${ne(contactEvents.callerHash, ERASED_CALLER_HASH)}`)
    .returning({ bindingId: contactEvents.bindingId });
  const bindingIds = [...new Set(erased.map((row) => row.bindingId))];
  if (bindingIds.length > 0) await db.delete(blockedCallers).where(inArray(blockedCallers.bindingId, bindingIds));
  return erased.length;
}

/** Lines that stopped working (ended early, or ran out) before `cutoff`. */
export function linesStoppedBefore(cutoff: Date): SQL {
  return sql`${contactEvents.bindingId} in (select ${bindings.id} from ${bindings} where coalesce(${bindings.endedAt}, ${bindings.endsAt}) < ${cutoff.toISOString()}::timestamptz)`;
}

/** Contact events on deleted accounts' lines (the relay still logs rejected calls to them). */
export function ofDeletedAccounts(): SQL {
  return sql`${contactEvents.buyerId} in (select ${users.id} from ${users} where ${users.deletedAt} is not null)`;
}
