import { and, desc, eq, sql } from "drizzle-orm";
import { createAccount } from "@/lib/accounts";
import type { Db } from "@/lib/db/client";
import type { LocalizedText } from "@/lib/db/schema";
import {
  bindings,
  couriers,
  hostNumbers,
  merchants,
  orders,
  parcels,
  rolloutAccounts,
  rolloutSettings,
  slots,
  users,
} from "@/lib/db/schema";
import { EXTENSIONS_PER_HOST } from "@/lib/operator/hosts";
import { endLineEarly } from "@/lib/protection/end-line";
import { placeOrder, type Transition, transitionOrder } from "@/lib/protection/orders";
import { markParcelPickedUp } from "@/lib/protection/parcels";
import { recordMessageIn } from "@/lib/protection/relay";
import { turnProtectionOn } from "@/lib/protection/setting";

export const DEMO_PASSWORD = "protect-my-number";
/** Not 138 1234 5678: that one is the example in the UI's texts, which every page carries. */
export const DEMO_ACCOUNTS = {
  buyer: { email: "demo@example.com", name: "Li Wei", phone: "13824681357" },
  waitlist: { email: "waitlist@example.com", name: "Zhao Min", phone: "13987654321" },
  operator: { email: "operator@example.com", name: "Ops Desk", phone: "13700007777" },
} as const;

export const SEED_MERCHANTS = [
  { names: { en: "Blue Whale Electronics", "zh-CN": "蓝鲸数码旗舰店" }, phone: "13900001111" },
  { names: { en: "Sunny Tea House", "zh-CN": "阳光茶舍" }, phone: "13900003333" },
  { names: { en: "Panda Home", "zh-CN": "熊猫家居" }, phone: "13900005555" },
  { names: { en: "Maple Books", "zh-CN": "枫叶书店" }, phone: "13900006666" },
];
export const SEED_COURIERS = [
  { names: { en: "SF Express", "zh-CN": "顺丰速运" }, phone: "15800002222" },
  { names: { en: "ZTO Express", "zh-CN": "中通快递" }, phone: "15800003333" },
  { names: { en: "YTO Express", "zh-CN": "圆通速递" }, phone: "15800004444" },
];
export const SEED_HOSTS = ["17012345678", "17012345679"];

/** The demo's orders, in both languages: what a buyer reading zh-CN sees is Chinese. */
export const DEMO_ITEMS: Record<string, LocalizedText> = {
  "Paperback: The Three-Body Problem": { en: "Paperback: The Three-Body Problem", "zh-CN": "《三体》平装版" },
  "Longjing green tea, 250 g": { en: "Longjing green tea, 250 g", "zh-CN": "西湖龙井绿茶 250 克" },
  "Bamboo storage baskets (set of 3)": { en: "Bamboo storage baskets (set of 3)", "zh-CN": "竹编收纳筐（三件套）" },
  "USB-C charger 65 W": { en: "USB-C charger 65 W", "zh-CN": "65W USB-C 充电器" },
  "Oolong tea sampler": { en: "Oolong tea sampler", "zh-CN": "乌龙茶品鉴装" },
  "Desk lamp with wireless charger": { en: "Desk lamp with wireless charger", "zh-CN": "无线充电台灯" },
  "Noise-cancelling earbuds": { en: "Noise-cancelling earbuds", "zh-CN": "降噪蓝牙耳机" },
  "Ceramic tea cups (pair)": { en: "Ceramic tea cups (pair)", "zh-CN": "陶瓷茶杯（一对）" },
};
export const DEMO_ADDRESS: LocalizedText = {
  en: "Room 1203, 88 Wensan Road, Xihu District, Hangzhou",
  "zh-CN": "杭州市西湖区文三路88号1203室",
};

/** A parcel station's sender number: pickup notices come from it. */
export const DEMO_STATION_SENDER = "10690000888";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Merchants, couriers and the host-number pool. Safe to run again: nothing already there is touched. */
export async function seedReferenceData(db: Db, { hosts = SEED_HOSTS }: { hosts?: string[] } = {}): Promise<void> {
  await db.insert(merchants).values(SEED_MERCHANTS).onConflictDoNothing();
  await db.insert(couriers).values(SEED_COURIERS).onConflictDoNothing();
  await db
    .insert(hostNumbers)
    .values(hosts.map((number) => ({ number })))
    .onConflictDoNothing();
  for (const host of hosts) {
    await db.execute(sql`
      insert into slots (host_id, extension, rand_key)
      select h.id, lpad(g::text, 4, '0'), floor(random() * 2147483647)::int
      from host_numbers h, generate_series(0, ${EXTENSIONS_PER_HOST - 1}) g
      where h.number = ${host}
      on conflict do nothing`);
  }
}

/**
 * The demo world: reference data, rollout at 100% with the waitlist account held out, and the demo
 * buyer's orders in every state, made through the same domain functions the app uses.
 */
export async function seedDemo(db: Db, now: Date): Promise<void> {
  await seedReferenceData(db);
  await db.insert(rolloutSettings).values({ id: 1, percentage: 100, updatedAt: now }).onConflictDoNothing();
  await db
    .insert(rolloutAccounts)
    .values({ email: DEMO_ACCOUNTS.waitlist.email, list: "hold_out", addedAt: now })
    .onConflictDoNothing();

  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ACCOUNTS.buyer.email));
  if (existing) return;

  const at = (msAgo: number) => new Date(now.getTime() - msAgo);
  const created = await createAccount(db, { ...DEMO_ACCOUNTS.buyer, password: DEMO_PASSWORD, now: at(90 * DAY) });
  if (!created.ok) return;
  const buyerId = created.account.id;
  await createAccount(db, { ...DEMO_ACCOUNTS.waitlist, password: DEMO_PASSWORD, now: at(90 * DAY) });
  await createAccount(db, { ...DEMO_ACCOUNTS.operator, password: DEMO_PASSWORD, role: "operator", now: at(90 * DAY) });

  const merchantRows = await db.select({ id: merchants.id }).from(merchants).orderBy(merchants.id);
  const merchantId = (i: number) => merchantRows[i % merchantRows.length].id;
  const place = async (i: number, item: string, cents: number, placedAgo: number, steps: [Transition, number][]) => {
    const order = await placeOrder(db, {
      buyerId,
      merchantId: merchantId(i),
      item,
      amountCents: cents,
      recipientName: DEMO_ACCOUNTS.buyer.name,
      address: DEMO_ADDRESS.en ?? "",
      now: at(placedAgo),
    });
    await db
      .update(orders)
      .set({ itemNames: DEMO_ITEMS[item] ?? null, addressNames: DEMO_ADDRESS })
      .where(eq(orders.id, order.orderId));
    for (const [transition, ago] of steps) {
      await transitionOrder(db, { buyerId, orderId: order.orderId, transition, now: at(ago) });
    }
    return order.orderId;
  };
  // A station's notice to the order's line, through the relay's own path (a parcel moves as it would live).
  const notify = async (orderId: string, text: string, ago: number) => {
    const [line] = await db
      .select({ host: hostNumbers.number, extension: slots.extension })
      .from(bindings)
      .innerJoin(slots, eq(slots.id, bindings.slotId))
      .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
      .innerJoin(orders, eq(orders.id, bindings.orderId))
      .where(and(eq(bindings.orderId, orderId)))
      .orderBy(desc(bindings.boundAt))
      .limit(1);
    if (!line) return;
    await db.transaction((tx) => recordMessageIn(tx, { ...line, sender: DEMO_STATION_SENDER, text, now: at(ago) }));
  };

  await place(3, "Paperback: The Three-Body Problem", 4_900, 70 * DAY, [
    ["ship", 69 * DAY],
    ["deliver", 67 * DAY],
    ["complete", 65 * DAY],
  ]);
  await turnProtectionOn(db, { buyerId, now: at(60 * DAY) });
  await place(1, "Longjing green tea, 250 g", 16_800, 30 * DAY, [
    ["ship", 29 * DAY],
    ["deliver", 27 * DAY],
    ["complete", 20 * DAY],
  ]);
  const baskets = await place(2, "Bamboo storage baskets (set of 3)", 8_900, 8 * DAY, [
    ["ship", 7 * DAY],
    ["deliver", 5 * DAY],
  ]);
  await notify(baskets, "【兔喜生活】您的包裹已到站，取件码 3-1-0617，凭码取件。", 5 * DAY - HOUR);
  await notify(baskets, "【兔喜生活】您的包裹已取出，如有疑问请联系驿站。", 4 * DAY);
  const [basketsParcel] = await db.select({ id: parcels.id }).from(parcels).where(eq(parcels.orderId, baskets));
  if (basketsParcel) await markParcelPickedUp(db, { buyerId, parcelId: basketsParcel.id, now: at(4 * DAY) });
  await transitionOrder(db, { buyerId, orderId: baskets, transition: "complete", now: at(2 * DAY) });
  await place(0, "USB-C charger 65 W", 12_900, 3 * DAY, [["cancel", 2 * DAY]]);
  const oolong = await place(1, "Oolong tea sampler", 6_800, 4 * DAY, [
    ["ship", 3 * DAY],
    ["deliver", 6 * HOUR],
  ]);
  // Two parcels of one delivery were shelved apart: one notice, two codes.
  await notify(oolong, "【菜鸟驿站】您的包裹已到文三路店，请凭取件码 5-2-1234、12-3-4567 取件。", 5 * HOUR);
  const lamp = await place(2, "Desk lamp with wireless charger", 15_900, 5 * DAY, [
    ["ship", 4 * DAY],
    ["deliver", 1 * DAY],
  ]);
  await notify(lamp, "【丰巢】您的快递已存入丰巢柜，取件码 88412736，请在今日20:00前取件。", 20 * HOUR);
  // Ended while the parcel still waits: the label at the locker keeps this line's last four.
  await endLineEarly(db, { buyerId, orderId: lamp, now: at(10 * HOUR) });
  await place(0, "Noise-cancelling earbuds", 59_900, 2 * DAY, [["ship", 1 * DAY]]);
  await place(2, "Ceramic tea cups (pair)", 5_600, 1 * HOUR, []);
}
