/**
 * The data download's document, field by field: it is what a buyer keeps of the app (PIPL access and
 * portability), so each field is checked against what was written, not only its presence.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { authSessions, protectionSettings, pushSubscriptions, users } from "@/lib/db/schema";
import { SEED_COURIERS, SEED_MERCHANTS } from "@/lib/demo/seed";
import { recordActivity } from "@/lib/protection/activity";
import { transitionOrder } from "@/lib/protection/orders";
import { decideCall, recordMessage } from "@/lib/protection/relay";
import { requestNotify } from "@/lib/protection/setting";
import { memoryDb } from "@/lib/testing/db";
import {
  COURIER_PHONE,
  HOST,
  makeProtectedBuyer,
  type PlacedLine,
  placeProtectedOrder,
  STRANGER,
  seedRelayWorld,
} from "@/lib/testing/relay";
import { exportAccountData } from "./export";

const MIN = 60_000;
const t0 = new Date("2026-04-01T02:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);
const NOTICE = "【菜鸟驿站】您的包裹已到文三路站，取件码 5-2-1043，请凭码取件。";

let handle: DbHandle;
let db: Db;
let merchantId: number;
beforeAll(async () => {
  handle = await memoryDb();
  db = handle.db;
  ({ merchantId } = await seedRelayWorld(db, { size: 20 }));
});
afterAll(async () => handle?.close());

describe("exportAccountData", () => {
  it("is everything kept about the buyer, each field as it was written", async () => {
    const buyer = await makeProtectedBuyer(db);
    await db
      .update(protectionSettings)
      .set({ updatedAt: at(-10) })
      .where(eq(protectionSettings.buyerId, buyer.id));
    const first = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: t0 });
    const second = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: at(1) });
    const call = await decideCall(db, { host: first.host, extension: first.extension, caller: STRANGER, now: at(2) });
    expect(call.action).toBe("forward");
    for (const transition of ["ship", "deliver", "complete"] as const) {
      const step = { ship: 3, deliver: 4, complete: 5 }[transition];
      expect(
        await transitionOrder(db, { buyerId: buyer.id, orderId: first.orderId, transition, now: at(step) }),
      ).toEqual({ ok: true });
    }
    await recordMessage(db, {
      host: first.host,
      extension: first.extension,
      sender: COURIER_PHONE,
      text: NOTICE,
      now: at(6),
    });
    expect(
      await transitionOrder(db, { buyerId: buyer.id, orderId: second.orderId, transition: "cancel", now: at(7) }),
    ).toEqual({ ok: true });
    await requestNotify(db, { buyerId: buyer.id, now: at(8) });
    await recordActivity(db, {
      buyerId: buyer.id,
      kind: "protection_on",
      orderId: first.orderId,
      detail: { n: 1 },
      now: at(9),
    });
    await db.insert(authSessions).values([
      { userId: buyer.id, createdAt: at(10), expiresAt: at(20), revokedAt: at(11) },
      { userId: buyer.id, createdAt: at(12), expiresAt: at(22) },
    ]);
    // Someone else's order and traffic on the same host.
    const other = await makeProtectedBuyer(db);
    await placeProtectedOrder(db, { buyerId: other.id, merchantId, now: t0 });

    const [account] = await db
      .select({ createdAt: users.createdAt, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, buyer.id));

    const data = await exportAccountData(db, { buyerId: buyer.id, includeRealNumber: false, now: at(30) });
    const iso = (minutes: number) => at(minutes).toISOString();
    const DAY = 24 * 60;
    const order = {
      item: "USB-C charger 65 W",
      amountCents: 12_900,
      recipientName: "Li Wei",
      address: "Room 1203, 88 Wensan Road, Hangzhou",
    };
    const line = (placed: PlacedLine) => ({
      number: `170 1234 5678 ext. ${placed.extension}`,
      dial: `${HOST},${placed.extension}`,
      lastFour: placed.extension,
      extensions: 0,
    });
    const contact = { reason: null, pickedUpAt: null, blocked: false, line: first.extension };
    expect(data).toEqual({
      format: "order-number-protection.export",
      version: 1,
      exportedAt: iso(30),
      account: {
        id: buyer.id,
        name: account.name,
        email: account.email,
        mobile: `${buyer.phone.slice(0, 3)}****${buyer.phone.slice(-4)}`,
        mobileShown: "masked",
        role: "buyer",
        createdAt: account.createdAt.toISOString(),
      },
      protection: { enabled: true, changedAt: iso(-10), notifyRequestedAt: iso(8), ownLastFour: false },
      orders: [
        {
          ...order,
          id: first.orderId,
          orderNo: first.orderNo,
          merchant: SEED_MERCHANTS[0].names.en,
          courier: SEED_COURIERS[0].names.en,
          trackingNumber: expect.stringMatching(/^SF\d{12}$/),
          status: "completed",
          protection: "protected",
          placedAt: iso(0),
          shippedAt: iso(3),
          deliveredAt: iso(4),
          completedAt: iso(5),
          cancelledAt: null,
          // Completed: the line lasts 15 days more, then cools down for 30.
          specialLines: [
            {
              ...line(first),
              state: "active",
              boundAt: iso(0),
              endsAt: iso(5 + 15 * DAY),
              endedAt: null,
              endReason: null,
              coolUntil: iso(5 + 45 * DAY),
            },
          ],
          // Shipped: its parcel, at the station the courier's notice named, with its code.
          parcels: [
            {
              trackingNumber: expect.stringMatching(/^SF\d{12}$/),
              waybillLastFour: first.extension,
              state: "at_station",
              station: "菜鸟驿站",
              codes: ["5-2-1043"],
              shippedAt: iso(3),
              arrivedAt: iso(6),
              deadlineText: null,
              deadlineAt: null,
              pickedUpAt: null,
            },
          ],
          // Newest first; the caller only masked.
          contactLog: [
            {
              ...contact,
              at: iso(6),
              channel: "message",
              caller: `${COURIER_PHONE.slice(0, 3)}****${COURIER_PHONE.slice(-4)}`,
              callerKind: "courier",
              outcome: "forwarded",
              text: NOTICE,
              pickupCode: "5-2-1043",
              station: "菜鸟驿站",
            },
            {
              ...contact,
              at: iso(2),
              channel: "call",
              caller: `${STRANGER.slice(0, 3)}****${STRANGER.slice(-4)}`,
              callerKind: "unknown",
              outcome: "forwarded",
              text: null,
              pickupCode: null,
              station: null,
            },
          ],
        },
        {
          ...order,
          id: second.orderId,
          orderNo: second.orderNo,
          merchant: SEED_MERCHANTS[0].names.en,
          courier: null,
          trackingNumber: null,
          status: "cancelled",
          protection: "real_number",
          placedAt: iso(1),
          shippedAt: null,
          deliveredAt: null,
          completedAt: null,
          cancelledAt: iso(7),
          specialLines: [
            {
              ...line(second),
              state: "ended",
              boundAt: iso(1),
              endsAt: null,
              endedAt: iso(7),
              endReason: "order_cancelled",
              coolUntil: iso(7 + 30 * DAY),
            },
          ],
          parcels: [],
          contactLog: [],
        },
      ],
      activity: [
        { at: iso(9), kind: "protection_on", orderNo: first.orderNo, detail: { n: 1 } },
        { at: iso(8), kind: "notify_requested", orderNo: null, detail: null },
      ],
      // The pickup code reminded the buyer (in the bell; no device had allowed notifications).
      reminders: {
        choices: {
          code_arrived: true,
          line_stopping: true,
          parcel_waiting: true,
          quietStart: "22:00",
          quietEnd: "08:00",
        },
        devices: [],
        sent: [
          {
            createdAt: iso(6),
            kind: "code_arrived",
            params: { codes: "5-2-1043", item: order.item, station: "菜鸟驿站" },
            read: false,
            url: "/pickup",
          },
        ],
      },
      signIns: [
        { at: iso(10), expiresAt: iso(20), signedOutAt: iso(11) },
        { at: iso(12), expiresAt: iso(22), signedOutAt: null },
      ],
    });
    const [shipped] = data?.orders ?? [];
    expect(shipped.parcels[0].trackingNumber).toBe(shipped.trackingNumber);
  });

  it("is null for an account that does not exist", async () => {
    expect(
      await exportAccountData(db, {
        buyerId: "00000000-0000-4000-8000-000000000000",
        includeRealNumber: true,
        now: t0,
      }),
    ).toBeNull();
  });

  it("a buyer who never set protection nor asked to be told: off, with no dates", async () => {
    const buyer = await makeProtectedBuyer(db);
    await db.delete(protectionSettings).where(eq(protectionSettings.buyerId, buyer.id));
    const data = await exportAccountData(db, { buyerId: buyer.id, includeRealNumber: false, now: t0 });
    expect(data?.protection).toEqual({ enabled: false, changedAt: null, notifyRequestedAt: null, ownLastFour: false });
    expect(data?.orders).toEqual([]);
    expect(data?.activity).toEqual([]);
    expect(data?.signIns).toEqual([]);
  });

  it("lists each browser that allowed notifications, by its push address, language and date, never its keys", async () => {
    const buyer = await makeProtectedBuyer(db);
    const other = await makeProtectedBuyer(db);
    const device = (n: number, buyerId: string, minutes: number) => ({
      buyerId,
      endpoint: `https://push.example.test/send/${n}`,
      p256dh: `p256dh-key-${n}`,
      auth: `auth-secret-${n}`,
      locale: n === 2 ? ("en" as const) : ("zh-CN" as const),
      createdAt: at(minutes),
    });
    await db.insert(pushSubscriptions).values([device(2, buyer.id, 5), device(1, buyer.id, 3), device(3, other.id, 4)]);
    const data = await exportAccountData(db, { buyerId: buyer.id, includeRealNumber: false, now: t0 });
    expect(data?.reminders.devices).toEqual([
      { endpoint: "https://push.example.test/send/1", locale: "zh-CN", createdAt: at(3).toISOString() },
      { endpoint: "https://push.example.test/send/2", locale: "en", createdAt: at(5).toISOString() },
    ]);
    expect(JSON.stringify(data)).not.toMatch(/p256dh-key|auth-secret/);
  });
});
