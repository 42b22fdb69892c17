import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/lib/db";
import type { LocalizedText } from "@/lib/db/schema";
import {
  bindings,
  couriers,
  type EndReason,
  hostNumbers,
  type LocalNames,
  merchants,
  type OrderStatus,
  type OwnDigits,
  orders,
  type ProtectionState,
  type ProviderState,
  providerBindings,
  slots,
  users,
} from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";
import { settings } from "@/lib/settings";
import { canExtend, type LineTimes, lineState, lineTimesColumns, liveAt } from "./line";
import { daysLeft, dialString, formatHost, isOpen, isUndelivered, lastFour } from "./rules";

export type LineDto = {
  host: string;
  hostFormatted: string;
  extension: string;
  lastFour: string;
  /** met: it ends in the buyer's own last four, as they asked; missed: they asked, none was free; null: not asked. */
  ownDigits: OwnDigits | null;
  dial: string;
  state: "active" | "expired" | "ended";
  /** Live here, but the routing provider (Alibaba) has not confirmed the bind yet: calls may not reach the buyer. */
  connecting: boolean;
  endReason: EndReason | null;
  boundAt: Date;
  /** When it stops (or stopped) working on its own; null while the order is open. */
  endsAt: Date | null;
  endedAt: Date | null;
  daysLeft: number | null;
  coolUntil: Date | null;
  extensions: number;
  extensionsLeft: number;
  canExtend: boolean;
};

export type OrderSummaryDto = {
  id: string;
  orderNo: string;
  item: string;
  itemNames: LocalizedText | null;
  amountCents: number;
  status: OrderStatus;
  protection: ProtectionState;
  merchant: LocalNames;
  courier: LocalNames | null;
  trackingNumber: string | null;
  placedAt: Date;
  completedAt: Date | null;
  open: boolean;
  undelivered: boolean;
  /** The most recent line of the order, live or not. */
  line: LineDto | null;
  phoneMasked: string;
};

export type OrderDetailDto = OrderSummaryDto & {
  recipientMasked: string;
  addressMasked: string;
  /** The masked address in each language it was given in. */
  addressMaskedNames: LocalizedText | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
  /** Every line the order ever had, oldest first. */
  history: LineDto[];
};

type LineRow = LineTimes & {
  orderId: string;
  host: string;
  extension: string;
  boundAt: Date;
  ownDigits: OwnDigits | null;
  providerState: ProviderState | null;
};

const lineColumns = {
  host: hostNumbers.number,
  extension: slots.extension,
  boundAt: bindings.boundAt,
  ownDigits: bindings.ownDigits,
  providerState: providerBindings.state,
  ...lineTimesColumns,
};

function toLine(row: LineRow, status: OrderStatus, now: Date): LineDto {
  const state = lineState(row, now);
  return {
    host: row.host,
    hostFormatted: formatHost(row.host),
    extension: row.extension,
    lastFour: lastFour(row.host, row.extension),
    ownDigits: row.ownDigits,
    dial: dialString(row.host, row.extension),
    state: state.kind,
    connecting: state.kind === "active" && (row.providerState === "connecting" || row.providerState === "failed"),
    endReason: row.endReason,
    boundAt: row.boundAt,
    endsAt: row.endsAt,
    endedAt: row.endedAt,
    daysLeft: state.kind === "active" && row.endsAt ? daysLeft(row.endsAt, now) : null,
    coolUntil: row.coolUntil,
    extensions: row.extensions,
    extensionsLeft: Math.max(0, settings.extensionMaxCount - row.extensions),
    canExtend: canExtend(row, status, now).ok,
  };
}

const courierAlias = alias(couriers, "c");

const summaryColumns = {
  id: orders.id,
  orderNo: orders.orderNo,
  item: orders.item,
  itemNames: orders.itemNames,
  amountCents: orders.amountCents,
  status: orders.status,
  protection: orders.protection,
  merchant: merchants.names,
  courier: courierAlias.names,
  trackingNumber: orders.trackingNumber,
  placedAt: orders.placedAt,
  completedAt: orders.completedAt,
  phoneMasked: users.phoneMasked,
};

/** Every line of the given orders, oldest first: one query, whatever the number of orders. */
export async function linesFor(db: Executor, orderIds: string[]): Promise<LineRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select({
      orderId: bindings.orderId,
      ...lineColumns,
    })
    .from(bindings)
    .innerJoin(slots, eq(slots.id, bindings.slotId))
    .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
    .leftJoin(providerBindings, eq(providerBindings.bindingId, bindings.id))
    .where(inArray(bindings.orderId, orderIds))
    .orderBy(bindings.boundAt);
}

export type OrdersCursor = { placedAt: Date; id: string };

export function encodeCursor(cursor: OrdersCursor): string {
  return Buffer.from(`${cursor.placedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

// Inside what both JavaScript and PostgreSQL's timestamptz hold, with a four-digit year.
const CURSOR_EARLIEST = Date.UTC(1970, 0, 1);
const CURSOR_LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A cursor from the address bar: anything malformed or out of range is no cursor (the first page). */
export function decodeCursor(raw: unknown): OrdersCursor | null {
  if (typeof raw !== "string" || raw.length > 200) return null;
  const [iso, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (rest.length > 0 || !isUuid(id) || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(iso)) return null;
  const placedAt = new Date(iso);
  const ms = placedAt.getTime();
  if (Number.isNaN(ms) || ms < CURSOR_EARLIEST || ms > CURSOR_LATEST) return null;
  return { placedAt, id: id.toLowerCase() };
}

/** One page of the buyer's orders, newest first, keyed by (placed_at, id): no OFFSET scan, two queries in all. */
export async function listOrdersForBuyer(
  db: Executor,
  {
    buyerId,
    now,
    after,
    limit = settings.ordersPageSize,
  }: { buyerId: string; now: Date; after?: OrdersCursor | null; limit?: number },
): Promise<{ items: OrderSummaryDto[]; nextCursor: string | null }> {
  // A row comparison, so that PostgreSQL walks orders_buyer_placed_idx from the cursor and stops at
  // the page's end (the same condition spelled with or/and cannot be an index condition).
  const cursor = after
    ? sql`(${orders.placedAt}, ${orders.id}) < (${after.placedAt.toISOString()}::timestamptz, ${after.id}::uuid)`
    : undefined;
  const rows = await db
    .select(summaryColumns)
    .from(orders)
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .innerJoin(users, eq(users.id, orders.buyerId))
    .leftJoin(courierAlias, eq(courierAlias.id, orders.courierId))
    .where(and(eq(orders.buyerId, buyerId), cursor))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const lines = await linesFor(
    db,
    page.map((row) => row.id),
  );
  const latest = new Map<string, LineRow>();
  for (const line of lines) latest.set(line.orderId, line);
  const items = page.map((row) => {
    const line = latest.get(row.id);
    return {
      ...row,
      open: isOpen(row.status),
      undelivered: isUndelivered(row.status),
      line: line ? toLine(line, row.status, now) : null,
    };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return "*";
  return `${chars[0]}${"*".repeat(Math.min(chars.length - 1, 3))}`;
}

function maskAddress(address: string): string {
  const chars = Array.from(address);
  const keep = Math.min(8, Math.ceil(chars.length / 2));
  return `${chars.slice(0, keep).join("")}****`;
}

/** The order and its lines, or null when it does not exist or belongs to someone else (callers answer 404 either way). */
export async function getOrderForBuyer(
  db: Executor,
  { buyerId, orderId, now }: { buyerId: string; orderId: string; now: Date },
): Promise<OrderDetailDto | null> {
  if (!isUuid(orderId)) return null;
  const [row] = await db
    .select({
      ...summaryColumns,
      recipientName: orders.recipientName,
      address: orders.address,
      addressNames: orders.addressNames,
      shippedAt: orders.shippedAt,
      deliveredAt: orders.deliveredAt,
      cancelledAt: orders.cancelledAt,
    })
    .from(orders)
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .innerJoin(users, eq(users.id, orders.buyerId))
    .leftJoin(courierAlias, eq(courierAlias.id, orders.courierId))
    .where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId)));
  if (!row) return null;
  const history = (await linesFor(db, [orderId])).map((line) => toLine(line, row.status, now));
  const { recipientName, address, addressNames, ...rest } = row;
  return {
    ...rest,
    open: isOpen(row.status),
    undelivered: isUndelivered(row.status),
    line: history.at(-1) ?? null,
    history,
    recipientMasked: maskName(recipientName),
    addressMasked: maskAddress(address),
    addressMaskedNames: addressNames
      ? Object.fromEntries(Object.entries(addressNames).map(([locale, text]) => [locale, maskAddress(text ?? "")]))
      : null,
  };
}

export type PickupLineDto = {
  orderId: string;
  orderNo: string;
  item: string;
  status: OrderStatus;
  merchant: LocalNames;
  courier: LocalNames | null;
  trackingNumber: string | null;
  line: LineDto;
};

/** Every live line of the buyer, for the counter. */
export async function listLiveLines(
  db: Executor,
  { buyerId, now }: { buyerId: string; now: Date },
): Promise<PickupLineDto[]> {
  const rows = await db
    .select({
      orderId: orders.id,
      orderNo: orders.orderNo,
      item: orders.item,
      status: orders.status,
      merchant: merchants.names,
      courier: courierAlias.names,
      trackingNumber: orders.trackingNumber,
      ...lineColumns,
    })
    .from(bindings)
    .innerJoin(orders, eq(orders.id, bindings.orderId))
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .leftJoin(courierAlias, eq(courierAlias.id, orders.courierId))
    .innerJoin(slots, eq(slots.id, bindings.slotId))
    .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
    .leftJoin(providerBindings, eq(providerBindings.bindingId, bindings.id))
    .where(and(eq(bindings.buyerId, buyerId), liveAt(now)))
    .orderBy(desc(orders.placedAt));
  return rows.map((row) => ({
    orderId: row.orderId,
    orderNo: row.orderNo,
    item: row.item,
    status: row.status,
    merchant: row.merchant,
    courier: row.courier,
    trackingNumber: row.trackingNumber,
    line: toLine({ ...row }, row.status, now),
  }));
}
