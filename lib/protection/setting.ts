import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { afterCommit } from "@/lib/alibaba/commands";
import type { Executor } from "@/lib/db";
import { bindings, notifyRequests, protectionSettings, rolloutAccounts, rolloutSettings, users } from "@/lib/db/schema";
import { recordActivity } from "./activity";
import { endAllLines } from "./end-line";
import { liveAt } from "./line";
import { type Eligibility, eligibility } from "./rules";

export async function getEligibility(db: Executor, { buyerId }: { buyerId: string }): Promise<Eligibility> {
  const [row] = await db
    .select({ percentage: rolloutSettings.percentage, list: rolloutAccounts.list })
    .from(users)
    .leftJoin(rolloutSettings, eq(rolloutSettings.id, 1))
    .leftJoin(rolloutAccounts, eq(rolloutAccounts.email, users.email))
    .where(eq(users.id, buyerId));
  return eligibility({ buyerId, list: row?.list ?? null, percentage: row?.percentage ?? 0 });
}

export type ProtectionStatus = {
  enabled: boolean;
  /** Lines should end in the buyer's own last four when one is free. */
  ownLastFour: boolean;
  eligibility: Eligibility;
  notifyRequestedAt: Date | null;
  liveLines: number;
};

export async function getProtectionStatus(
  db: Executor,
  { buyerId, now }: { buyerId: string; now: Date },
): Promise<ProtectionStatus> {
  const [[setting], [notify], [count], elig] = await Promise.all([
    db
      .select({ enabled: protectionSettings.enabled, ownLastFour: protectionSettings.ownLastFour })
      .from(protectionSettings)
      .where(eq(protectionSettings.buyerId, buyerId)),
    db.select({ at: notifyRequests.requestedAt }).from(notifyRequests).where(eq(notifyRequests.buyerId, buyerId)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(bindings)
      .where(and(eq(bindings.buyerId, buyerId), liveAt(now))),
    getEligibility(db, { buyerId }),
  ]);
  return {
    enabled: setting?.enabled === true,
    ownLastFour: setting?.ownLastFour === true,
    eligibility: elig,
    notifyRequestedAt: notify?.at ?? null,
    liveLines: count.n,
  };
}

export type TurnOnResult = { ok: true; changed: boolean } | { ok: false; reason: "not_eligible" };

/** Rule 1: opt in, only when eligible for the gray-scale test. */
export async function turnProtectionOn(
  db: Executor,
  { buyerId, now }: { buyerId: string; now: Date },
): Promise<TurnOnResult> {
  return db.transaction(async (tx) => {
    const elig = await getEligibility(tx, { buyerId });
    if (!elig.eligible) return { ok: false, reason: "not_eligible" } as const;
    // One statement decides whether this request is the one that turned it on: a row locked FOR UPDATE
    // does not exist yet the first time, so two requests at once would both see "off".
    const changed = await tx
      .insert(protectionSettings)
      .values({ buyerId, enabled: true, updatedAt: now })
      .onConflictDoUpdate({
        target: protectionSettings.buyerId,
        set: { enabled: true, updatedAt: now },
        setWhere: eq(protectionSettings.enabled, false),
      })
      .returning({ buyerId: protectionSettings.buyerId });
    if (changed.length === 0) return { ok: true, changed: false } as const;
    await recordActivity(tx, { buyerId, kind: "protection_on", now });
    return { ok: true, changed: true } as const;
  });
}

export type TurnOffResult = { ok: true; changed: boolean; ended: number };

/** Rule 8: future orders use the real number; live lines keep running or end now, as the buyer chose. */
export async function turnProtectionOff(
  db: Executor,
  { buyerId, mode, now }: { buyerId: string; mode: "keep" | "end"; now: Date },
): Promise<TurnOffResult> {
  return afterCommit(
    db.transaction(async (tx) => {
      const [previous] = await tx
        .select({ enabled: protectionSettings.enabled })
        .from(protectionSettings)
        .where(eq(protectionSettings.buyerId, buyerId))
        .for("update");
      if (!previous?.enabled) return { ok: true, changed: false, ended: 0 } as const;
      await tx
        .update(protectionSettings)
        .set({ enabled: false, updatedAt: now })
        .where(eq(protectionSettings.buyerId, buyerId));
      const ended = mode === "end" ? await endAllLines(tx, { buyerId, reason: "protection_off", now }) : 0;
      await recordActivity(tx, {
        buyerId,
        kind: mode === "end" ? "protection_off_end" : "protection_off_keep",
        detail: { ended },
        now,
      });
      return { ok: true, changed: true, ended } as const;
    }),
  );
}

/** "Notify me when available": recorded once per buyer. */
export async function requestNotify(
  db: Executor,
  { buyerId, now }: { buyerId: string; now: Date },
): Promise<{ ok: true; alreadyRequested: boolean }> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(notifyRequests)
      .values({ buyerId, requestedAt: now })
      .onConflictDoNothing()
      .returning({ buyerId: notifyRequests.buyerId });
    if (inserted.length > 0) await recordActivity(tx, { buyerId, kind: "notify_requested", now });
    return { ok: true, alreadyRequested: inserted.length === 0 } as const;
  });
}

/**
 * Lines that end in the buyer's own last four, when one is free: allocation matches on the masked
 * number already stored. The choice is kept whether protection is on or off; it changes no line
 * already given.
 */
export async function setOwnLastFour(
  db: Executor,
  { buyerId, on, now }: { buyerId: string; on: boolean; now: Date },
): Promise<{ ok: true; changed: boolean }> {
  return db.transaction(async (tx) => {
    // One statement says whether this request changed it (as in turnProtectionOn); off needs no row.
    const changed = on
      ? await tx
          .insert(protectionSettings)
          .values({ buyerId, ownLastFour: true, updatedAt: now })
          .onConflictDoUpdate({
            target: protectionSettings.buyerId,
            set: { ownLastFour: true, updatedAt: now },
            setWhere: eq(protectionSettings.ownLastFour, false),
          })
          .returning({ buyerId: protectionSettings.buyerId })
      : await tx
          .update(protectionSettings)
          .set({ ownLastFour: false, updatedAt: now })
          .where(and(eq(protectionSettings.buyerId, buyerId), eq(protectionSettings.ownLastFour, true)))
          .returning({ buyerId: protectionSettings.buyerId });
    if (changed.length === 0) return { ok: true, changed: false } as const;
    await recordActivity(tx, { buyerId, kind: on ? "own_last_four_on" : "own_last_four_off", now });
    return { ok: true, changed: true } as const;
  });
}
