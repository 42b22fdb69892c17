import { describe, expect, it, vi } from "vitest";
import { DAY_MS, days, settings } from "@/lib/settings";
import { canExtend, isLive, type LineTimes, lineState } from "./line";
import {
  coolUntilAfter,
  daysLeft,
  dialString,
  eligibility,
  endsAtAfterCompletion,
  formatHost,
  isOpen,
  isUndelivered,
  lastFour,
  rolloutBucket,
  transitionsFrom,
} from "./rules";

const completedAt = new Date("2025-03-01T08:00:00.000Z");
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

function completedLine(overrides: Partial<LineTimes> = {}): LineTimes {
  const endsAt = endsAtAfterCompletion(completedAt);
  return { endsAt, endedAt: null, endReason: null, coolUntil: coolUntilAfter(endsAt), extensions: 0, ...overrides };
}

/** Deterministic, distinct account ids, so bucket counts do not change from run to run. */
const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`);

describe("settings", () => {
  it("defaults to 15 / 30 / 7 / 2 / 3 days and times when nothing overrides them", async () => {
    const names = [
      "LINE_LIFETIME_DAYS",
      "COOLDOWN_DAYS",
      "EXTENSION_DAYS",
      "EXTENSION_MAX_COUNT",
      "EXTENSION_WINDOW_DAYS",
    ] as const;
    const saved = names.map((name) => process.env[name]);
    for (const name of names) delete process.env[name];
    vi.resetModules();
    try {
      const fresh = (await import("@/lib/settings")).settings;
      expect(fresh).toMatchObject({
        lineLifetimeDays: 15,
        coolDownDays: 30,
        extensionDays: 7,
        extensionMaxCount: 2,
        extensionWindowDays: 3,
      });
    } finally {
      names.forEach((name, i) => {
        if (saved[i] !== undefined) process.env[name] = saved[i];
      });
      vi.resetModules();
    }
  });

  it("refuses a negative or non-numeric override", async () => {
    process.env.COOLDOWN_DAYS = "-1";
    vi.resetModules();
    try {
      await expect(import("@/lib/settings")).rejects.toThrow(/COOLDOWN_DAYS/);
    } finally {
      delete process.env.COOLDOWN_DAYS;
      vi.resetModules();
    }
  });
});

describe("line lifetime", () => {
  const endsAt = endsAtAfterCompletion(completedAt);

  it("ends the configured number of days after completion, and cools down the configured days after that", () => {
    expect(endsAt.getTime() - completedAt.getTime()).toBe(settings.lineLifetimeDays * DAY_MS);
    expect(coolUntilAfter(endsAt).getTime() - endsAt.getTime()).toBe(settings.coolDownDays * DAY_MS);
  });

  it("is active 1 ms before its end, and expired at the very instant and 1 ms after", () => {
    const line = completedLine();
    expect(lineState(line, at(endsAt, -1))).toEqual({ kind: "active", endsAt });
    expect(isLive(line, at(endsAt, -1))).toBe(true);
    expect(lineState(line, endsAt)).toEqual({ kind: "expired", at: endsAt, coolUntil: line.coolUntil });
    expect(isLive(line, endsAt)).toBe(false);
    expect(lineState(line, at(endsAt, 1))).toEqual({ kind: "expired", at: endsAt, coolUntil: line.coolUntil });
  });

  it("is active with no end while the order is open, however much time passes", () => {
    const open: LineTimes = { endsAt: null, endedAt: null, endReason: null, coolUntil: null, extensions: 0 };
    expect(lineState(open, at(completedAt, days(10_000)))).toEqual({ kind: "active", endsAt: null });
  });

  it("is ended from the instant it was ended, before its own end time, with the reason", () => {
    const endedAt = at(completedAt, days(2));
    const line = completedLine({ endedAt, endReason: "ended_early", coolUntil: coolUntilAfter(endedAt) });
    expect(lineState(line, endedAt)).toEqual({
      kind: "ended",
      at: endedAt,
      reason: "ended_early",
      coolUntil: coolUntilAfter(endedAt),
    });
    // Ended wins over expired: a line ended early keeps saying so after its would-be end.
    expect(lineState(line, at(endsAt, days(1))).kind).toBe("ended");
    expect(isLive(line, endedAt)).toBe(false);
  });
});

describe("daysLeft", () => {
  const endsAt = endsAtAfterCompletion(completedAt);

  it("rounds partial days up", () => {
    expect(daysLeft(endsAt, completedAt)).toBe(settings.lineLifetimeDays);
    expect(daysLeft(endsAt, at(completedAt, 1))).toBe(settings.lineLifetimeDays);
    expect(daysLeft(endsAt, at(endsAt, -36 * 60 * 60 * 1000))).toBe(2);
    expect(daysLeft(endsAt, at(endsAt, -DAY_MS))).toBe(1);
    expect(daysLeft(endsAt, at(endsAt, -DAY_MS - 1))).toBe(2);
    expect(daysLeft(endsAt, at(endsAt, -1))).toBe(1);
  });

  it("is 0 at the end and never negative after it", () => {
    expect(daysLeft(endsAt, endsAt)).toBe(0);
    expect(daysLeft(endsAt, at(endsAt, days(40)))).toBe(0);
  });
});

describe("canExtend", () => {
  const endsAt = endsAtAfterCompletion(completedAt);
  const windowStart = at(endsAt, -days(settings.extensionWindowDays));

  it("adds the extension days within the window before the end", () => {
    expect(canExtend(completedLine(), "completed", windowStart)).toEqual({
      ok: true,
      newEndsAt: at(endsAt, days(settings.extensionDays)),
    });
    expect(canExtend(completedLine(), "completed", at(endsAt, -1))).toEqual({
      ok: true,
      newEndsAt: at(endsAt, days(settings.extensionDays)),
    });
  });

  it("refuses 1 ms before the window opens", () => {
    expect(canExtend(completedLine(), "completed", at(windowStart, -1))).toEqual({ ok: false, reason: "too_early" });
    expect(canExtend(completedLine(), "completed", completedAt)).toEqual({ ok: false, reason: "too_early" });
  });

  it("allows the configured number of extensions and no more", () => {
    for (let n = 0; n < settings.extensionMaxCount; n += 1) {
      expect(canExtend(completedLine({ extensions: n }), "completed", windowStart).ok).toBe(true);
    }
    expect(canExtend(completedLine({ extensions: settings.extensionMaxCount }), "completed", windowStart)).toEqual({
      ok: false,
      reason: "limit_reached",
    });
  });

  it("refuses a line that has already expired or been ended", () => {
    expect(canExtend(completedLine(), "completed", endsAt)).toEqual({ ok: false, reason: "not_active" });
    const endedAt = at(endsAt, -DAY_MS);
    const ended = completedLine({ endedAt, endReason: "ended_early", coolUntil: coolUntilAfter(endedAt) });
    expect(canExtend(ended, "completed", at(endsAt, -DAY_MS / 2))).toEqual({ ok: false, reason: "not_active" });
  });

  it("refuses an order that is not completed: open orders have no end to push back", () => {
    const open: LineTimes = { endsAt: null, endedAt: null, endReason: null, coolUntil: null, extensions: 0 };
    for (const status of ["awaiting_shipment", "shipped", "delivered"] as const) {
      expect(canExtend(open, status, completedAt)).toEqual({ ok: false, reason: "not_completed" });
    }
    // A refunded order's line is not extendable even when its times would allow it.
    expect(canExtend(completedLine(), "refunded", windowStart)).toEqual({ ok: false, reason: "not_completed" });
  });
});

describe("order status helpers", () => {
  it("tells open and undelivered orders apart", () => {
    expect(["awaiting_shipment", "shipped", "delivered"].every((s) => isOpen(s as never))).toBe(true);
    expect(["completed", "cancelled", "refunded"].some((s) => isOpen(s as never))).toBe(false);
    expect(isUndelivered("awaiting_shipment")).toBe(true);
    expect(isUndelivered("shipped")).toBe(true);
    expect(isUndelivered("delivered")).toBe(false);
    expect(isUndelivered("completed")).toBe(false);
  });

  it("offers each order the steps its state allows, and no step out of a closed order", () => {
    expect(transitionsFrom("awaiting_shipment")).toEqual(["ship", "cancel"]);
    expect(transitionsFrom("shipped")).toEqual(["deliver", "cancel"]);
    expect(transitionsFrom("delivered")).toEqual(["complete", "refund"]);
    expect(transitionsFrom("completed")).toEqual(["refund"]);
    expect(transitionsFrom("cancelled")).toEqual([]);
    expect(transitionsFrom("refunded")).toEqual([]);
  });
});

describe("rollout eligibility", () => {
  it("puts each account in a stable bucket from 0 to 99", () => {
    for (const id of ids.slice(0, 50)) {
      const bucket = rolloutBucket(id);
      expect(Number.isInteger(bucket)).toBe(true);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
      expect(rolloutBucket(id)).toBe(bucket);
    }
    // Spread over the whole range, not a constant.
    expect(new Set(ids.map(rolloutBucket)).size).toBe(100);
  });

  it("lets nobody in at 0% and everybody at 100%", () => {
    expect(ids.filter((buyerId) => eligibility({ buyerId, list: null, percentage: 0 }).eligible)).toHaveLength(0);
    expect(ids.every((buyerId) => eligibility({ buyerId, list: null, percentage: 100 }).eligible)).toBe(true);
  });

  it("admits an account exactly when the percentage passes its bucket, and keeps it in as the rollout grows", () => {
    for (const buyerId of ids.slice(0, 20)) {
      const bucket = rolloutBucket(buyerId);
      expect(eligibility({ buyerId, list: null, percentage: bucket })).toEqual({ eligible: false, why: "not_yet" });
      expect(eligibility({ buyerId, list: null, percentage: bucket + 1 })).toEqual({
        eligible: true,
        why: "percentage",
      });
    }
    let previous = 0;
    for (let percentage = 0; percentage <= 100; percentage += 10) {
      const admitted = ids.filter((buyerId) => eligibility({ buyerId, list: null, percentage }).eligible).length;
      expect(admitted).toBeGreaterThanOrEqual(previous);
      previous = admitted;
    }
    const half = ids.filter((buyerId) => eligibility({ buyerId, list: null, percentage: 50 }).eligible).length;
    expect(half).toBeGreaterThan(400);
    expect(half).toBeLessThan(600);
  });

  it("holds out a hold_out account even at 100%, and lets an allow-listed one in at 0%", () => {
    const buyerId = ids[0];
    expect(eligibility({ buyerId, list: "hold_out", percentage: 100 })).toEqual({ eligible: false, why: "hold_out" });
    expect(eligibility({ buyerId, list: "allow", percentage: 0 })).toEqual({ eligible: true, why: "allow_list" });
    const outside = ids.find((id) => rolloutBucket(id) >= 50) as string;
    expect(eligibility({ buyerId: outside, list: "allow", percentage: 50 })).toEqual({
      eligible: true,
      why: "allow_list",
    });
  });
});

describe("formatting a special line", () => {
  it("groups the host number 3-4-4", () => {
    expect(formatHost("17012345678")).toBe("170 1234 5678");
  });

  it("dials the host, a pause, then the extension", () => {
    expect(dialString("17012345678", "0421")).toBe("17012345678,0421");
  });

  it("reads the last four digits of the whole line, keeping leading zeros", () => {
    expect(lastFour("17012345678", "0421")).toBe("0421");
    expect(lastFour("17012345678", "0007")).toBe("0007");
    expect(lastFour("17012345678", "9999")).toBe("9999");
  });
});
