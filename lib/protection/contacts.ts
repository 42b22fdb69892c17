import "server-only";
import { and, desc, eq, gte, isNotNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/lib/db";
import {
  bindings,
  blockedCallers,
  type CallerKind,
  type ContactChannel,
  type ContactOutcome,
  type ContactRejectReason,
  contactEvents,
  couriers,
  hostNumbers,
  type LocalNames,
  merchants,
  orders,
  slots,
} from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";
import { DAY_MS } from "@/lib/settings";
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

export type PickupCodeDto = {
  contactEventId: number;
  orderId: string;
  orderNo: string;
  item: string;
  merchant: LocalNames;
  courier: LocalNames | null;
  trackingNumber: string | null;
  /** The last four digits of the line the notice came through: what the station asks for. */
  lineLastFour: string;
  code: string;
  station: string | null;
  receivedAt: Date;
  pickedUpAt: Date | null;
};

/** Pickup codes are listed this long after they arrive; picked-up ones stay visible (marked) until then. */
export const PICKUP_CODE_DAYS = 30;

/**
 * The buyer's pickup codes received through their lines in the last 30 days: waiting ones first, newest
 * first. Only forwarded notices count: a code sent to an ended line or by a blocked sender is in the
 * order's contact log, not on the counter screen.
 */
export async function listPickupCodes(
  db: Executor,
  { buyerId, now, limit = 100 }: { buyerId: string; now: Date; limit?: number },
): Promise<PickupCodeDto[]> {
  const courierAlias = alias(couriers, "pickup_courier");
  return (
    await db
      .select({
        contactEventId: contactEvents.id,
        orderId: orders.id,
        orderNo: orders.orderNo,
        item: orders.item,
        merchant: merchants.names,
        courier: courierAlias.names,
        trackingNumber: orders.trackingNumber,
        host: hostNumbers.number,
        extension: slots.extension,
        code: contactEvents.pickupCode,
        station: contactEvents.station,
        receivedAt: contactEvents.at,
        pickedUpAt: contactEvents.pickedUpAt,
      })
      .from(contactEvents)
      .innerJoin(orders, eq(orders.id, contactEvents.orderId))
      .innerJoin(merchants, eq(merchants.id, orders.merchantId))
      .leftJoin(courierAlias, eq(courierAlias.id, orders.courierId))
      .innerJoin(bindings, eq(bindings.id, contactEvents.bindingId))
      .innerJoin(slots, eq(slots.id, bindings.slotId))
      .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
      .where(
        and(
          eq(contactEvents.buyerId, buyerId),
          isNotNull(contactEvents.pickupCode),
          eq(contactEvents.outcome, "forwarded"),
          gte(contactEvents.at, new Date(now.getTime() - PICKUP_CODE_DAYS * DAY_MS)),
        ),
      )
      .orderBy(sql`${contactEvents.pickedUpAt} is not null`, desc(contactEvents.at), desc(contactEvents.id))
      .limit(limit)
  ).map(({ host, extension, code, station, ...row }) => ({
    ...row,
    station: displayText(station),
    code: code ?? "",
    lineLastFour: lastFour(host, extension),
  }));
}

export type PickedUpResult = { ok: true; pickedUpAt: Date } | { ok: false; reason: "not_found" };

/** Marks one of the buyer's pickup codes as picked up; marking it again keeps the first time. */
export async function markPickedUp(
  db: Executor,
  { buyerId, contactEventId, now }: { buyerId: string; contactEventId: number; now: Date },
): Promise<PickedUpResult> {
  if (!Number.isSafeInteger(contactEventId) || contactEventId <= 0) return { ok: false, reason: "not_found" };
  const [row] = await db
    .update(contactEvents)
    .set({ pickedUpAt: sql`coalesce(${contactEvents.pickedUpAt}, ${now.toISOString()}::timestamptz)` })
    .where(
      and(
        eq(contactEvents.id, contactEventId),
        eq(contactEvents.buyerId, buyerId),
        isNotNull(contactEvents.pickupCode),
      ),
    )
    .returning({ pickedUpAt: contactEvents.pickedUpAt });
  if (!row?.pickedUpAt) return { ok: false, reason: "not_found" };
  return { ok: true, pickedUpAt: row.pickedUpAt };
}
