import "server-only";
import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor, Tx } from "@/lib/db";
import type { LocalizedText, LocalNames } from "@/lib/db/schema";
import {
  bindings,
  couriers,
  hostNumbers,
  merchants,
  type OrderStatus,
  type OwnDigits,
  orders,
  type ParcelState,
  parcels,
  slots,
  users,
} from "@/lib/db/schema";
import { remindIn } from "@/lib/reminders/remind";
import { lineState } from "./line";
import { type PickupNotice, parsePickupNotice } from "./pickup-code";
import { lastFour } from "./rules";

/** What the Pickup screen and the counter need of one parcel; never the buyer's number, only the waybill's last four. */
export type ParcelDto = {
  id: string;
  orderId: string;
  item: string;
  itemNames: LocalizedText | null;
  merchant: LocalNames;
  courier: LocalNames | null;
  trackingNumber: string;
  trackingTail: string;
  /** The last four printed on the waybill: what a station asks for. */
  waybillLastFour: string;
  /** missed: the buyer asked for a line ending in their own last four and this one ends in others. */
  ownDigits: OwnDigits | null;
  /** live: the special line on the waybill works; ended: it stopped, the label still carries it; real_number. */
  waybillLine: "live" | "ended" | "real_number";
  state: ParcelState;
  station: string | null;
  codes: string[];
  arrivedAt: Date | null;
  deadline: { text: string; at: Date | null } | null;
  pickedUpAt: Date | null;
};

/** Parcels of these orders are not waiting for anyone. */
const GONE: OrderStatus[] = ["cancelled", "refunded"];

export const trackingTail = (trackingNumber: string) => trackingNumber.slice(-4);

/** The last four of the number a waybill printed now would carry: the order's open line, else the real number. */
async function waybillNumber(tx: Tx, { orderId, buyerId }: { orderId: string; buyerId: string }) {
  const [line] = await tx
    .select({ id: bindings.id, host: hostNumbers.number, extension: slots.extension })
    .from(bindings)
    .innerJoin(slots, eq(slots.id, bindings.slotId))
    .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
    .where(and(eq(bindings.orderId, orderId), isNull(bindings.endedAt)));
  if (line) return { bindingId: line.id, waybillLastFour: lastFour(line.host, line.extension) };
  // The buyer exists: the caller holds the lock on their order.
  const [buyer] = await tx.select({ masked: users.phoneMasked }).from(users).where(eq(users.id, buyerId));
  return { bindingId: null, waybillLastFour: buyer.masked.slice(-4) };
}

/** The order shipped: its parcel starts on the way, with the number the waybill was printed with. */
export async function createParcelIn(
  tx: Tx,
  { orderId, buyerId, trackingNumber, now }: { orderId: string; buyerId: string; trackingNumber: string; now: Date },
): Promise<void> {
  const waybill = await waybillNumber(tx, { orderId, buyerId });
  await tx
    .insert(parcels)
    .values({ orderId, buyerId, trackingNumber, ...waybill, shippedAt: now, updatedAt: now })
    .onConflictDoNothing();
}

type NoticeUpdate = { station: string | null; codes: string[]; deadline: PickupNotice["deadline"] };

function noticeUpdate(notice: PickupNotice): NoticeUpdate | "collected" | null {
  if (notice.kind === "collected") return "collected";
  if (notice.codes.length === 0) return null;
  return { station: notice.station, codes: notice.codes, deadline: notice.deadline };
}

/**
 * One notice applied to one parcel: a code makes it wait at the station (codes of a later notice are
 * added, none twice; the newest station and deadline win), "collected" closes it. Picked-up parcels stay closed.
 */
async function applyToParcel(
  tx: Tx,
  parcelId: string,
  update: NoticeUpdate | "collected",
  now: Date,
): Promise<boolean> {
  const open = and(eq(parcels.id, parcelId), sql`${parcels.state} <> 'picked_up'`);
  const stamp = now.toISOString();
  if (update === "collected") {
    const rows = await tx
      .update(parcels)
      .set({
        state: "picked_up",
        pickedUpAt: now,
        arrivedAt: sql`coalesce(${parcels.arrivedAt}, ${stamp}::timestamptz)`,
        updatedAt: now,
      })
      .where(open)
      .returning({ id: parcels.id });
    return rows.length > 0;
  }
  const rows = await tx
    .update(parcels)
    .set({
      state: "at_station",
      codes: sql`array(select c from unnest(${parcels.codes} || ${toTextArray(update.codes)}) with ordinality as u(c, n) group by c order by min(n))`,
      station: update.station ?? sql`${parcels.station}`,
      deadlineText: update.deadline ? update.deadline.text : sql`${parcels.deadlineText}`,
      deadlineAt: update.deadline ? update.deadline.at : sql`${parcels.deadlineAt}`,
      arrivedAt: sql`coalesce(${parcels.arrivedAt}, ${stamp}::timestamptz)`,
      updatedAt: now,
    })
    .where(open)
    .returning({ id: parcels.id, buyerId: parcels.buyerId, orderId: parcels.orderId, station: parcels.station });
  const [parcel] = rows;
  if (!parcel) return false;
  // The buyer hears of the code from this same transaction: a code that did not land reminds of nothing.
  const [order] = await tx.select({ item: orders.item }).from(orders).where(eq(orders.id, parcel.orderId));
  await remindIn(tx, {
    buyerId: parcel.buyerId,
    kind: "code_arrived",
    key: `code:${parcel.id}:${update.codes.join(",")}`,
    params: { codes: update.codes.join(", "), station: parcel.station ?? "", item: order.item },
    url: "/pickup",
    now,
  });
  return true;
}

function toTextArray(values: string[]) {
  return sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;
}

/**
 * A notice that reached an order's line (relay): it lands on that order's parcel still open, the one
 * whose tracking tail it names when the order has several.
 */
export async function applyNoticeToOrderIn(
  tx: Tx,
  { orderId, notice, now }: { orderId: string; notice: PickupNotice; now: Date },
): Promise<string | null> {
  const update = noticeUpdate(notice);
  if (!update) return null;
  const open = await tx
    .select({ id: parcels.id, trackingNumber: parcels.trackingNumber })
    .from(parcels)
    .where(and(eq(parcels.orderId, orderId), sql`${parcels.state} <> 'picked_up'`))
    .orderBy(desc(parcels.shippedAt))
    .for("update");
  const target =
    (notice.trackingTail && open.find((p) => trackingTail(p.trackingNumber) === notice.trackingTail)) || open[0];
  if (!target) return null;
  return (await applyToParcel(tx, target.id, update, now)) ? target.id : null;
}

const courierAlias = alias(couriers, "parcel_courier");

async function selectParcels(
  db: Executor,
  { buyerId, now, where }: { buyerId: string; now: Date; where?: ReturnType<typeof and> },
) {
  const rows = await db
    .select({
      id: parcels.id,
      orderId: parcels.orderId,
      item: orders.item,
      itemNames: orders.itemNames,
      merchant: merchants.names,
      courier: courierAlias.names,
      trackingNumber: parcels.trackingNumber,
      waybillLastFour: parcels.waybillLastFour,
      bindingId: parcels.bindingId,
      ownDigits: bindings.ownDigits,
      endsAt: bindings.endsAt,
      endedAt: bindings.endedAt,
      endReason: bindings.endReason,
      coolUntil: bindings.coolUntil,
      extensions: bindings.extensions,
      state: parcels.state,
      station: parcels.station,
      codes: parcels.codes,
      arrivedAt: parcels.arrivedAt,
      deadlineText: parcels.deadlineText,
      deadlineAt: parcels.deadlineAt,
      pickedUpAt: parcels.pickedUpAt,
    })
    .from(parcels)
    .innerJoin(orders, eq(orders.id, parcels.orderId))
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .leftJoin(courierAlias, eq(courierAlias.id, orders.courierId))
    .leftJoin(bindings, eq(bindings.id, parcels.bindingId))
    .where(and(eq(parcels.buyerId, buyerId), where))
    .orderBy(
      sql`${parcels.deadlineAt} asc nulls last`,
      asc(parcels.arrivedAt),
      desc(parcels.shippedAt),
      asc(parcels.id),
    );
  return rows.map(
    ({
      bindingId,
      endsAt,
      endedAt,
      endReason,
      coolUntil,
      extensions,
      deadlineText,
      deadlineAt,
      ...row
    }): ParcelDto => ({
      ...row,
      trackingTail: trackingTail(row.trackingNumber),
      waybillLine:
        bindingId === null
          ? "real_number"
          : lineState({ endsAt, endedAt, endReason, coolUntil, extensions: extensions ?? 0 }, now).kind === "active"
            ? "live"
            : "ended",
      deadline: deadlineText ? { text: deadlineText, at: deadlineAt } : null,
    }),
  );
}

export type PickupParcels = { ready: ParcelDto[]; onTheWay: ParcelDto[] };

/**
 * The parcels waiting for the buyer: at a station (soonest deadline first), and on the way (shipped or
 * delivered, no notice yet). Nothing picked up, cancelled or refunded; a parcel whose line ended stays.
 */
export async function listPickupParcels(
  db: Executor,
  { buyerId, now }: { buyerId: string; now: Date },
): Promise<PickupParcels> {
  const rows = await selectParcels(db, {
    buyerId,
    now,
    where: and(
      inArray(parcels.state, ["on_the_way", "at_station"]),
      notInArray(orders.status, GONE),
      // A parcel never announced by a station is only "on the way" until its order is completed.
      sql`(${parcels.state} = 'at_station' or ${orders.status} in ('shipped', 'delivered'))`,
    ),
  });
  return {
    ready: rows.filter((parcel) => parcel.state === "at_station"),
    onTheWay: rows.filter((parcel) => parcel.state === "on_the_way"),
  };
}

/** Every parcel of one of the buyer's orders (order detail). */
export async function listParcelsForOrder(
  db: Executor,
  { buyerId, orderId, now }: { buyerId: string; orderId: string; now: Date },
): Promise<ParcelDto[]> {
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) return [];
  return selectParcels(db, { buyerId, now, where: and(eq(parcels.orderId, orderId)) });
}

export type ParcelPickedUpResult = { ok: true; pickedUpAt: Date } | { ok: false; reason: "not_found" };

/** The buyer says they have it; marking it again keeps the first time. */
export async function markParcelPickedUp(
  db: Executor,
  { buyerId, parcelId, now }: { buyerId: string; parcelId: string; now: Date },
): Promise<ParcelPickedUpResult> {
  if (!/^[0-9a-f-]{36}$/i.test(parcelId)) return { ok: false, reason: "not_found" };
  const stamp = now.toISOString();
  const [row] = await db
    .update(parcels)
    .set({
      state: "picked_up",
      pickedUpAt: sql`coalesce(${parcels.pickedUpAt}, ${stamp}::timestamptz)`,
      arrivedAt: sql`coalesce(${parcels.arrivedAt}, ${stamp}::timestamptz)`,
      updatedAt: sql`case when ${parcels.pickedUpAt} is null then ${stamp}::timestamptz else ${parcels.updatedAt} end`,
    })
    .where(and(eq(parcels.id, parcelId), eq(parcels.buyerId, buyerId)))
    .returning({ pickedUpAt: parcels.pickedUpAt });
  if (!row?.pickedUpAt) return { ok: false, reason: "not_found" };
  return { ok: true, pickedUpAt: row.pickedUpAt };
}

export const MAX_PASTE_CHARS = 2_000;

const UNWANTED = /[\p{Cc}\p{Cf}]/gu;

/** Control and format characters out (keeping line breaks and tabs), trimmed: what a pasted notice is read as. */
export function cleanPastedText(raw: string): string {
  return raw
    .replace(/\r\n?/g, "\n")
    .replace(UNWANTED, (char) => (char === "\n" || char === "\t" ? char : ""))
    .trim();
}

export type PasteCandidate = Pick<
  ParcelDto,
  "id" | "item" | "itemNames" | "merchant" | "station" | "waybillLastFour" | "trackingTail" | "state"
>;

export type PasteResult =
  | { ok: true; parcelId: string; item: string; itemNames: LocalizedText | null; codes: string[]; collected: boolean }
  | { ok: false; reason: "no_code" | "no_parcel" | "not_found" }
  | { ok: false; reason: "ambiguous"; candidates: PasteCandidate[] };

/**
 * A notice the buyer pasted (an app card, a 5G message, a friend's text), read by the same parser as the
 * relay, attached to the parcel it names: by tracking tail, then the waybill's last four, then the
 * station. When that leaves more than one parcel, or none matched at all, the buyer chooses (`parcelId`).
 */
export async function pasteNotice(
  db: Executor,
  { buyerId, text, parcelId, now }: { buyerId: string; text: string; parcelId?: string | null; now: Date },
): Promise<PasteResult> {
  const notice = parsePickupNotice(cleanPastedText(text).slice(0, MAX_PASTE_CHARS), now);
  const update = noticeUpdate(notice);
  if (!update) return { ok: false, reason: "no_code" };
  const { ready, onTheWay } = await listPickupParcels(db, { buyerId, now });
  const open = [...ready, ...onTheWay];
  if (parcelId) {
    const chosen = open.find((parcel) => parcel.id === parcelId);
    if (!chosen) return { ok: false, reason: "not_found" };
    return attach(db, chosen, notice, update, now);
  }
  if (open.length === 0) return { ok: false, reason: "no_parcel" };
  let candidates = open;
  let matched = false;
  const keys: [string | null, (parcel: ParcelDto) => string | null][] = [
    [notice.trackingTail, (parcel) => parcel.trackingTail],
    [notice.phoneTail, (parcel) => parcel.waybillLastFour],
    [notice.station, (parcel) => parcel.station],
  ];
  for (const [value, of] of keys) {
    if (!value) continue;
    const narrowed = candidates.filter((parcel) => sameKey(of(parcel), value));
    if (narrowed.length > 0) {
      candidates = narrowed;
      matched = true;
    }
  }
  if (matched && candidates.length === 1) return attach(db, candidates[0], notice, update, now);
  return {
    ok: false,
    reason: "ambiguous",
    candidates: candidates.map(({ id, item, itemNames, merchant, station, waybillLastFour, trackingTail, state }) => ({
      id,
      item,
      itemNames,
      merchant,
      station,
      waybillLastFour,
      trackingTail,
      state,
    })),
  };
}

function sameKey(a: string | null, b: string): boolean {
  if (!a) return false;
  const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  // Either name may be the longer one ("东门幸福里驿站" and "幸福里驿站"); equal names hold each other.
  return norm(a).includes(norm(b)) || norm(b).includes(norm(a));
}

async function attach(
  db: Executor,
  parcel: ParcelDto,
  notice: PickupNotice,
  update: NoticeUpdate | "collected",
  now: Date,
): Promise<PasteResult> {
  const applied = await db.transaction((tx) => applyToParcel(tx, parcel.id, update, now));
  if (!applied) return { ok: false, reason: "not_found" };
  return {
    ok: true,
    parcelId: parcel.id,
    item: parcel.item,
    itemNames: parcel.itemNames,
    codes: notice.codes,
    collected: notice.kind === "collected",
  };
}

/** Parcels of the given orders, for the orders list (which card has one on its way). */
export async function parcelStatesFor(
  db: Executor,
  { buyerId, orderIds }: { buyerId: string; orderIds: string[] },
): Promise<Map<string, ParcelState>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .select({ orderId: parcels.orderId, state: parcels.state })
    .from(parcels)
    .where(and(eq(parcels.buyerId, buyerId), inArray(parcels.orderId, orderIds)))
    .orderBy(asc(parcels.shippedAt));
  return new Map(rows.map((row) => [row.orderId, row.state]));
}
