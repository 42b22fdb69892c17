import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { decryptPhone } from "@/lib/crypto/phone";
import type { Executor } from "@/lib/db";
import {
  authSessions,
  couriers,
  merchants,
  notifyRequests,
  orders,
  parcels,
  protectionSettings,
  pushSubscriptions,
  users,
} from "@/lib/db/schema";
import { DEFAULT_LOCALE } from "@/lib/i18n/config";
import { localName } from "@/lib/i18n/names";
import { listActivity } from "@/lib/protection/activity";
import { listContactsForBuyer } from "@/lib/protection/contacts";
import { lineState } from "@/lib/protection/line";
import { linesFor } from "@/lib/protection/queries";
import { dialString, formatHost, lastFour } from "@/lib/protection/rules";
import { formatMinutes } from "@/lib/reminders/quiet";
import { listReminders, reminderChoices } from "@/lib/reminders/remind";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Everything the app keeps about one buyer, as plain JSON (PIPL right of access and portability).
 * The real number is masked unless `includeRealNumber` (the route asks for the password first).
 */
export async function exportAccountData(
  db: Executor,
  { buyerId, includeRealNumber, now }: { buyerId: string; includeRealNumber: boolean; now: Date },
) {
  const [user] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      phoneCiphertext: users.phoneCiphertext,
      phoneMasked: users.phoneMasked,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(eq(users.id, buyerId), isNull(users.deletedAt)));
  if (!user) return null;
  const [setting] = await db
    .select({
      enabled: protectionSettings.enabled,
      ownLastFour: protectionSettings.ownLastFour,
      updatedAt: protectionSettings.updatedAt,
    })
    .from(protectionSettings)
    .where(eq(protectionSettings.buyerId, buyerId));
  const [notify] = await db
    .select({ at: notifyRequests.requestedAt })
    .from(notifyRequests)
    .where(eq(notifyRequests.buyerId, buyerId));

  const courier = alias(couriers, "courier");
  const orderRows = await db
    .select({
      id: orders.id,
      orderNo: orders.orderNo,
      merchant: merchants.names,
      courier: courier.names,
      item: orders.item,
      amountCents: orders.amountCents,
      recipientName: orders.recipientName,
      address: orders.address,
      trackingNumber: orders.trackingNumber,
      status: orders.status,
      protection: orders.protection,
      placedAt: orders.placedAt,
      shippedAt: orders.shippedAt,
      deliveredAt: orders.deliveredAt,
      completedAt: orders.completedAt,
      cancelledAt: orders.cancelledAt,
    })
    .from(orders)
    .innerJoin(merchants, eq(merchants.id, orders.merchantId))
    .leftJoin(courier, eq(courier.id, orders.courierId))
    .where(eq(orders.buyerId, buyerId))
    .orderBy(asc(orders.placedAt), asc(orders.id));
  const lineRows = await linesFor(
    db,
    orderRows.map((order) => order.id),
  );
  const contactRows = await listContactsForBuyer(db, { buyerId, limit: 100_000 });
  const parcelRows = await db
    .select({
      orderId: parcels.orderId,
      trackingNumber: parcels.trackingNumber,
      waybillLastFour: parcels.waybillLastFour,
      state: parcels.state,
      station: parcels.station,
      codes: parcels.codes,
      shippedAt: parcels.shippedAt,
      arrivedAt: parcels.arrivedAt,
      deadlineText: parcels.deadlineText,
      deadlineAt: parcels.deadlineAt,
      pickedUpAt: parcels.pickedUpAt,
    })
    .from(parcels)
    .where(eq(parcels.buyerId, buyerId))
    .orderBy(asc(parcels.shippedAt), asc(parcels.id));

  const exportedOrders = [];
  for (const order of orderRows) {
    const contacts = contactRows.filter((contact) => contact.orderId === order.id);
    exportedOrders.push({
      ...order,
      merchant: localName(order.merchant, DEFAULT_LOCALE),
      courier: order.courier ? localName(order.courier, DEFAULT_LOCALE) : null,
      placedAt: iso(order.placedAt),
      shippedAt: iso(order.shippedAt),
      deliveredAt: iso(order.deliveredAt),
      completedAt: iso(order.completedAt),
      cancelledAt: iso(order.cancelledAt),
      specialLines: lineRows
        .filter((line) => line.orderId === order.id)
        .map((line) => ({
          number: `${formatHost(line.host)} ext. ${line.extension}`,
          dial: dialString(line.host, line.extension),
          lastFour: lastFour(line.host, line.extension),
          state: lineState(line, now).kind,
          boundAt: iso(line.boundAt),
          endsAt: iso(line.endsAt),
          endedAt: iso(line.endedAt),
          endReason: line.endReason,
          coolUntil: iso(line.coolUntil),
          extensions: line.extensions,
        })),
      parcels: parcelRows
        .filter((parcel) => parcel.orderId === order.id)
        .map(({ orderId: _order, ...parcel }) => ({
          ...parcel,
          shippedAt: iso(parcel.shippedAt),
          arrivedAt: iso(parcel.arrivedAt),
          deadlineAt: iso(parcel.deadlineAt),
          pickedUpAt: iso(parcel.pickedUpAt),
        })),
      contactLog: contacts.map((c) => ({
        at: iso(c.at),
        channel: c.channel,
        caller: c.callerMasked,
        callerKind: c.callerKind,
        outcome: c.outcome,
        reason: c.reason,
        text: c.text,
        pickupCode: c.pickupCode,
        station: c.station,
        pickedUpAt: iso(c.pickedUpAt),
        blocked: c.blocked,
        line: c.lineLastFour,
      })),
    });
  }

  const activity = await listActivity(db, { buyerId, limit: 100_000 });
  const sessions = await db
    .select({ createdAt: authSessions.createdAt, expiresAt: authSessions.expiresAt, revokedAt: authSessions.revokedAt })
    .from(authSessions)
    .where(eq(authSessions.userId, buyerId))
    .orderBy(asc(authSessions.createdAt));

  const choices = await reminderChoices(db, { buyerId });
  const { items: reminderItems } = await listReminders(db, { buyerId, limit: 100_000 });
  const devices = await db
    .select({
      endpoint: pushSubscriptions.endpoint,
      locale: pushSubscriptions.locale,
      createdAt: pushSubscriptions.createdAt,
    })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.buyerId, buyerId))
    .orderBy(asc(pushSubscriptions.createdAt));

  return {
    format: "order-number-protection.export",
    version: 1,
    exportedAt: now.toISOString(),
    account: {
      id: user.id,
      name: user.name,
      email: user.email,
      mobile: includeRealNumber ? decryptPhone(user.phoneCiphertext, user.id) : user.phoneMasked,
      mobileShown: includeRealNumber ? "full" : "masked",
      role: user.role,
      createdAt: iso(user.createdAt),
    },
    protection: {
      enabled: setting?.enabled ?? false,
      ownLastFour: setting?.ownLastFour ?? false,
      changedAt: iso(setting?.updatedAt ?? null),
      notifyRequestedAt: iso(notify?.at ?? null),
    },
    orders: exportedOrders,
    activity: activity.map((a) => ({ at: iso(a.at), kind: a.kind, orderNo: a.orderNo, detail: a.detail })),
    reminders: {
      choices: { ...choices, quietStart: formatMinutes(choices.quietStart), quietEnd: formatMinutes(choices.quietEnd) },
      sent: reminderItems.map(({ id: _id, ...r }) => ({ ...r, createdAt: iso(r.createdAt) })),
      // The push service's address for each browser that allowed notifications (its keys stay here).
      devices: devices.map((d) => ({ ...d, createdAt: iso(d.createdAt) })),
    },
    signIns: sessions.map((s) => ({
      at: iso(s.createdAt),
      expiresAt: iso(s.expiresAt),
      signedOutAt: iso(s.revokedAt),
    })),
  };
}

export type AccountExport = NonNullable<Awaited<ReturnType<typeof exportAccountData>>>;
