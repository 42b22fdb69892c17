import "server-only";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import {
  bindings,
  blockedCallers,
  type CallerKind,
  type ContactChannel,
  type ContactOutcome,
  type ContactRejectReason,
  contactEvents,
  hostNumbers,
  slots,
} from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";
import { displayText } from "@/lib/text";
import { lastFour } from "./rules";

/** One call or message that reached an order's line. The caller is only ever shown masked. */
export type ContactDto = {
  id: number;
  at: Date;
  channel: ContactChannel;
  callerMasked: string;
  callerKind: CallerKind;
  outcome: ContactOutcome;
  reason: ContactRejectReason | null;
  text: string | null;
  pickupCode: string | null;
  station: string | null;
  /** The station this caller's pickup notices (ones with a code) named, the latest; null for anyone else. */
  senderStation: string | null;
  pickedUpAt: Date | null;
  /** The caller is blocked on this line now. */
  blocked: boolean;
  /** The line's last four digits, to tell lines of one order apart. */
  lineLastFour: string;
};

const CONTACTS_LIMIT = 100;

/** The contact log of one of the buyer's orders, newest first; empty for someone else's order. */
export async function listContactsForOrder(
  db: Executor,
  { buyerId, orderId, limit = CONTACTS_LIMIT }: { buyerId: string; orderId: string; limit?: number },
): Promise<ContactDto[]> {
  if (!isUuid(orderId)) return [];
  return selectContacts(db, and(eq(contactEvents.orderId, orderId), eq(contactEvents.buyerId, buyerId)), limit);
}

/** Every contact of all the buyer's orders in one query, newest first, each with its order id. */
export async function listContactsForBuyer(
  db: Executor,
  { buyerId, limit }: { buyerId: string; limit: number },
): Promise<(ContactDto & { orderId: string })[]> {
  return selectContacts(db, eq(contactEvents.buyerId, buyerId), limit);
}

async function selectContacts(db: Executor, where: SQL | undefined, limit: number) {
  const rows = await db
    .select({
      id: contactEvents.id,
      orderId: contactEvents.orderId,
      at: contactEvents.at,
      channel: contactEvents.channel,
      callerMasked: contactEvents.callerMasked,
      callerKind: contactEvents.callerKind,
      outcome: contactEvents.outcome,
      reason: contactEvents.reason,
      text: contactEvents.messageText,
      pickupCode: contactEvents.pickupCode,
      station: contactEvents.station,
      senderStation: sql<string | null>`(
        select named.station from ${contactEvents} named
        where named.buyer_id = ${contactEvents.buyerId} and named.caller_hash = ${contactEvents.callerHash}
          and named.station is not null and named.pickup_code is not null
        order by named.at desc limit 1)`,
      pickedUpAt: contactEvents.pickedUpAt,
      blockedAt: blockedCallers.blockedAt,
      host: hostNumbers.number,
      extension: slots.extension,
    })
    .from(contactEvents)
    .innerJoin(bindings, eq(bindings.id, contactEvents.bindingId))
    .innerJoin(slots, eq(slots.id, bindings.slotId))
    .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
    .leftJoin(
      blockedCallers,
      and(
        eq(blockedCallers.bindingId, contactEvents.bindingId),
        eq(blockedCallers.callerHash, contactEvents.callerHash),
      ),
    )
    .where(where)
    .orderBy(desc(contactEvents.at), desc(contactEvents.id))
    .limit(limit);
  return rows.map(({ blockedAt, host, extension, text, station, ...row }) => ({
    ...row,
    text: displayText(text),
    station: displayText(station),
    blocked: blockedAt !== null,
    lineLastFour: lastFour(host, extension),
  }));
}

export type BlockResult =
  | { ok: true; alreadyBlocked: boolean; callerMasked: string }
  | { ok: false; reason: "not_found" };

/**
 * Blocks the caller of one of the buyer's contact events on that line only: later calls and messages
 * from that number to it are rejected as `blocked` (and still logged); the line keeps working for others.
 */
export async function blockCaller(
  db: Executor,
  { buyerId, contactEventId, now }: { buyerId: string; contactEventId: number; now: Date },
): Promise<BlockResult> {
  if (!Number.isSafeInteger(contactEventId) || contactEventId <= 0) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx) => {
    const [event] = await tx
      .select({
        bindingId: contactEvents.bindingId,
        callerHash: contactEvents.callerHash,
        callerMasked: contactEvents.callerMasked,
      })
      .from(contactEvents)
      .where(and(eq(contactEvents.id, contactEventId), eq(contactEvents.buyerId, buyerId)));
    if (!event) return { ok: false, reason: "not_found" } as const;
    const inserted = await tx
      .insert(blockedCallers)
      .values({ ...event, buyerId, blockedAt: now })
      .onConflictDoNothing()
      .returning({ at: blockedCallers.blockedAt });
    return { ok: true, alreadyBlocked: inserted.length === 0, callerMasked: event.callerMasked } as const;
  });
}

export type UnblockResult = { ok: true; wasBlocked: boolean } | { ok: false; reason: "not_found" };

/** Lets the caller of one of the buyer's contact events through again on that line. */
export async function unblockCaller(
  db: Executor,
  { buyerId, contactEventId }: { buyerId: string; contactEventId: number },
): Promise<UnblockResult> {
  if (!Number.isSafeInteger(contactEventId) || contactEventId <= 0) return { ok: false, reason: "not_found" };
  const [event] = await db
    .select({ bindingId: contactEvents.bindingId, callerHash: contactEvents.callerHash })
    .from(contactEvents)
    .where(and(eq(contactEvents.id, contactEventId), eq(contactEvents.buyerId, buyerId)));
  if (!event) return { ok: false, reason: "not_found" };
  const deleted = await db
    .delete(blockedCallers)
    .where(
      and(
        eq(blockedCallers.bindingId, event.bindingId),
        eq(blockedCallers.callerHash, event.callerHash),
        eq(blockedCallers.buyerId, buyerId),
      ),
    )
    .returning({ at: blockedCallers.blockedAt });
  return { ok: true, wasBlocked: deleted.length > 0 };
}
