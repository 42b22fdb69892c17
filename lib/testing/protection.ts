import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import { createAccount } from "@/lib/accounts";
import type { Executor } from "@/lib/db/client";
import { couriers, hostNumbers, merchants, rolloutAccounts, rolloutSettings, slots } from "@/lib/db/schema";
import { SEED_COURIERS, SEED_MERCHANTS } from "@/lib/demo/seed";

/** The rows of a raw `execute`, whichever driver ran it. */
export { resultRows as rows } from "@/lib/db/client";

/** The SQLSTATE of a failed query, looked for through drizzle's wrapping. */
export function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const TABLES = [
  "jobs",
  "provider_bindings",
  "activity_events",
  "bindings",
  "slots",
  "host_numbers",
  "orders",
  "notify_requests",
  "protection_settings",
  "rollout_accounts",
  "rollout_settings",
  "auth_sessions",
  "users",
  "merchants",
  "couriers",
];

/** Empties every table, so each test starts from nothing on a database migrated once. */
export async function resetDb(db: Executor): Promise<void> {
  await db.execute(sql.raw(`truncate ${TABLES.join(", ")} restart identity cascade`));
}

/** Merchants and couriers; returns the first merchant's id. */
export async function seedMerchants(db: Executor): Promise<number> {
  await db.insert(merchants).values(SEED_MERCHANTS).onConflictDoNothing();
  await db.insert(couriers).values(SEED_COURIERS).onConflictDoNothing();
  const [first] = await db.select({ id: merchants.id }).from(merchants).orderBy(merchants.id).limit(1);
  return first.id;
}

/** A host number with `size` free slots (extensions 0000, 0001, ..., or 000, 001, ... at width 3); returns the slot ids. */
export async function addPool(
  db: Executor,
  { host, size, width = 4 }: { host: string; size: number; width?: number },
): Promise<number[]> {
  const [row] = await db
    .insert(hostNumbers)
    .values({ number: host, extensionWidth: width })
    .returning({ id: hostNumbers.id });
  const inserted = await db
    .insert(slots)
    .values(
      Array.from({ length: size }, (_, i) => ({
        hostId: row.id,
        extension: String(i).padStart(width, "0"),
        randKey: randomInt(2 ** 31 - 1),
      })),
    )
    .returning({ id: slots.id });
  return inserted.map((slot) => slot.id);
}

let serial = 0;

/** A buyer made through the real sign-up path, optionally on the rollout's allow- or hold-out list. */
export async function makeBuyer(
  db: Executor,
  { list }: { list?: "allow" | "hold_out" } = {},
): Promise<{ id: string; email: string }> {
  serial += 1;
  const tag = `${process.pid}-${serial}`;
  const email = `buyer-${tag}@example.com`;
  const phone = `139${String(serial).padStart(8, "0")}`;
  const result = await createAccount(db, { name: `Buyer ${tag}`, email, phone, password: "a long enough password" });
  if (!result.ok) throw new Error(`createAccount failed: duplicate ${result.field}`);
  if (list) await db.insert(rolloutAccounts).values({ email, list });
  return { id: result.account.id, email };
}

export async function setRollout(db: Executor, percentage: number): Promise<void> {
  await db
    .insert(rolloutSettings)
    .values({ id: 1, percentage })
    .onConflictDoUpdate({ target: rolloutSettings.id, set: { percentage } });
}

/** What a test order is for, apart from its buyer, merchant and time. */
export const SAMPLE_ORDER = {
  item: "Oolong tea sampler",
  amountCents: 6_800,
  recipientName: "Li Wei",
  address: "Room 1203, 88 Wensan Road, Hangzhou",
};
