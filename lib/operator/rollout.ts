import "server-only";
import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { notifyRequests, type RolloutList, rolloutAccounts, rolloutSettings, users } from "@/lib/db/schema";
import type { Eligibility } from "@/lib/protection/rules";
import { maskEmail, type OperatorRef, recordOperatorEvent } from "./audit";

/**
 * `rolloutBucket()` of lib/protection/rules.ts in SQL: the first four bytes of SHA-256 of the account
 * id (its text form, as the app holds it), big-endian unsigned, modulo 100. The operator test checks
 * that both give the same bucket, so counts taken here agree with what each buyer is told.
 */
export function rolloutBucketSql(id: SQL | typeof users.id): SQL<number> {
  return sql<number>`((('x' || lpad(substr(encode(sha256(convert_to(${id}::text, 'UTF8')), 'hex'), 1, 8), 16, '0'))::bit(64)::bigint) % 100)::int`;
}

export type EligibilityWhy = Eligibility["why"];

export type RolloutListEntry = { email: string; list: RolloutList; addedAt: Date; hasAccount: boolean };

export type RolloutOverview = {
  percentage: number;
  updatedAt: Date | null;
  /** Buyer accounts (not operators, not deleted). */
  buyers: number;
  eligible: number;
  /** Buyers by the reason `eligibility()` gives them. */
  byWhy: Record<EligibilityWhy, number>;
  /** Buyers who asked to be notified, and how many of them are eligible now (they can be told). */
  notifyRequests: number;
  notifyEligible: number;
  allow: RolloutListEntry[];
  holdOut: RolloutListEntry[];
};

const WHYS: EligibilityWhy[] = ["allow_list", "percentage", "hold_out", "not_yet"];

async function currentPercentage(db: Executor): Promise<{ percentage: number; updatedAt: Date | null }> {
  const [row] = await db
    .select({ percentage: rolloutSettings.percentage, updatedAt: rolloutSettings.updatedAt })
    .from(rolloutSettings)
    .where(eq(rolloutSettings.id, 1));
  return { percentage: row?.percentage ?? 0, updatedAt: row?.updatedAt ?? null };
}

/**
 * How many buyers are eligible, counted in the database with the same rule as `eligibility()`:
 * hold-out first, then allow-list, then bucket < percentage.
 */
export async function eligibilityCensus(
  db: Executor,
  { percentage }: { percentage: number },
): Promise<{ byWhy: Record<EligibilityWhy, number>; asked: Record<EligibilityWhy, number> }> {
  const why = sql<EligibilityWhy>`case when ${rolloutAccounts.list} = 'hold_out' then 'hold_out'
    when ${rolloutAccounts.list} = 'allow' then 'allow_list'
    when ${rolloutBucketSql(users.id)} < ${percentage} then 'percentage'
    else 'not_yet' end`;
  const counted = await db
    .select({ why, n: sql<number>`count(*)::int`, asked: sql<number>`count(${notifyRequests.buyerId})::int` })
    .from(users)
    .leftJoin(rolloutAccounts, eq(rolloutAccounts.email, users.email))
    .leftJoin(notifyRequests, eq(notifyRequests.buyerId, users.id))
    .where(and(eq(users.role, "buyer"), isNull(users.deletedAt)))
    .groupBy(sql`1`);
  const byWhy = { allow_list: 0, percentage: 0, hold_out: 0, not_yet: 0 };
  const asked = { allow_list: 0, percentage: 0, hold_out: 0, not_yet: 0 };
  for (const row of counted) {
    byWhy[row.why] = Number(row.n);
    asked[row.why] = Number(row.asked);
  }
  return { byWhy, asked };
}

const LIST_LIMIT = 500;

export async function getRolloutOverview(db: Executor): Promise<RolloutOverview> {
  const { percentage, updatedAt } = await currentPercentage(db);
  const [census, listed] = await Promise.all([
    eligibilityCensus(db, { percentage }),
    db
      .select({
        email: rolloutAccounts.email,
        list: rolloutAccounts.list,
        addedAt: rolloutAccounts.addedAt,
        hasAccount: sql<boolean>`exists (select 1 from ${users} where ${users.email} = ${rolloutAccounts.email} and ${users.deletedAt} is null)`,
      })
      .from(rolloutAccounts)
      .orderBy(desc(rolloutAccounts.addedAt), rolloutAccounts.email)
      .limit(LIST_LIMIT),
  ]);
  const { byWhy, asked } = census;
  return {
    percentage,
    updatedAt,
    buyers: WHYS.reduce((sum, why) => sum + byWhy[why], 0),
    eligible: byWhy.allow_list + byWhy.percentage,
    byWhy,
    notifyRequests: WHYS.reduce((sum, why) => sum + asked[why], 0),
    notifyEligible: asked.allow_list + asked.percentage,
    allow: listed.filter((entry) => entry.list === "allow"),
    holdOut: listed.filter((entry) => entry.list === "hold_out"),
  };
}

export type SetPercentageResult =
  | { ok: true; changed: boolean; previous: number }
  | { ok: false; reason: "invalid_percentage" };

export async function setRolloutPercentage(
  db: Executor,
  { operator, percentage, now }: { operator: OperatorRef; percentage: number; now: Date },
): Promise<SetPercentageResult> {
  if (!Number.isInteger(percentage) || percentage < 0 || percentage > 100) {
    return { ok: false, reason: "invalid_percentage" };
  }
  return db.transaction(async (tx) => {
    await tx.insert(rolloutSettings).values({ id: 1, percentage: 0, updatedAt: now }).onConflictDoNothing();
    const [row] = await tx
      .select({ percentage: rolloutSettings.percentage })
      .from(rolloutSettings)
      .where(eq(rolloutSettings.id, 1))
      .for("update");
    const previous = row.percentage;
    if (previous === percentage) return { ok: true, changed: false, previous } as const;
    await tx.update(rolloutSettings).set({ percentage, updatedAt: now }).where(eq(rolloutSettings.id, 1));
    await recordOperatorEvent(tx, {
      operator,
      kind: "rollout_percentage",
      detail: { from: previous, to: percentage },
      now,
    });
    return { ok: true, changed: true, previous } as const;
  });
}

/** The form an email is stored in, the same as sign-up's. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type ListChangeResult =
  | { ok: true; changed: boolean; previous: RolloutList | null }
  | { ok: false; reason: "invalid_email" | "not_listed" };

/** Puts an email on the allow-list or the hold-out list (moving it if it was on the other one). */
export async function addRolloutAccount(
  db: Executor,
  { operator, email: raw, list, now }: { operator: OperatorRef; email: string; list: RolloutList; now: Date },
): Promise<ListChangeResult> {
  const email = normalizeEmail(raw);
  if (!EMAIL.test(email) || email.length > 254) return { ok: false, reason: "invalid_email" };
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ list: rolloutAccounts.list })
      .from(rolloutAccounts)
      .where(eq(rolloutAccounts.email, email))
      .for("update");
    if (existing?.list === list) return { ok: true, changed: false, previous: list } as const;
    await tx
      .insert(rolloutAccounts)
      .values({ email, list, addedAt: now })
      .onConflictDoUpdate({ target: rolloutAccounts.email, set: { list, addedAt: now } });
    await recordOperatorEvent(tx, {
      operator,
      kind: "rollout_list_add",
      detail: { email: maskEmail(email), list, ...(existing ? { from: existing.list } : {}) },
      now,
    });
    return { ok: true, changed: true, previous: existing?.list ?? null } as const;
  });
}

export async function removeRolloutAccount(
  db: Executor,
  { operator, email: raw, now }: { operator: OperatorRef; email: string; now: Date },
): Promise<ListChangeResult> {
  const email = normalizeEmail(raw);
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(rolloutAccounts)
      .where(eq(rolloutAccounts.email, email))
      .returning({ list: rolloutAccounts.list });
    if (!removed) return { ok: false, reason: "not_listed" } as const;
    await recordOperatorEvent(tx, {
      operator,
      kind: "rollout_list_remove",
      detail: { email: maskEmail(email), list: removed.list },
      now,
    });
    return { ok: true, changed: true, previous: removed.list } as const;
  });
}
