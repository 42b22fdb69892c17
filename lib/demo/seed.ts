import { eq, sql } from "drizzle-orm";
import { createAccount } from "@/lib/accounts";
import type { Db } from "@/lib/db/client";
import { couriers, hostNumbers, merchants, rolloutAccounts, rolloutSettings, users } from "@/lib/db/schema";
import { EXTENSIONS_PER_HOST } from "@/lib/operator/hosts";
import { placeOrder, type Transition, transitionOrder } from "@/lib/protection/orders";
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
      address: "Room 1203, 88 Wensan Road, Xihu District, Hangzhou",
      now: at(placedAgo),
    });
    for (const [transition, ago] of steps) {
      await transitionOrder(db, { buyerId, orderId: order.orderId, transition, now: at(ago) });
    }
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
  await place(2, "Bamboo storage baskets (set of 3)", 8_900, 8 * DAY, [
    ["ship", 7 * DAY],
    ["deliver", 5 * DAY],
    ["complete", 2 * DAY],
  ]);
  await place(0, "USB-C charger 65 W", 12_900, 3 * DAY, [["cancel", 2 * DAY]]);
  await place(1, "Oolong tea sampler", 6_800, 4 * DAY, [
    ["ship", 3 * DAY],
    ["deliver", 6 * HOUR],
  ]);
  await place(0, "Noise-cancelling earbuds", 59_900, 2 * DAY, [["ship", 1 * DAY]]);
  await place(2, "Ceramic tea cups (pair)", 5_600, 1 * HOUR, []);
}
