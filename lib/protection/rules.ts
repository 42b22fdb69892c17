import { createHash } from "node:crypto";
import type { EndReason, OrderStatus } from "@/lib/db/schema";
import { DAY_MS, days, settings } from "@/lib/settings";

/** The times that decide what a line is doing at a given instant. */
export type LineTimes = {
  endsAt: Date | null;
  endedAt: Date | null;
  endReason: EndReason | null;
  coolUntil: Date | null;
  extensions: number;
};

export type LineState =
  | { kind: "active"; endsAt: Date | null }
  | { kind: "expired"; at: Date; coolUntil: Date | null }
  | { kind: "ended"; at: Date; reason: EndReason; coolUntil: Date | null };

/** A line works until it is ended, or until its end time: at that very instant it stops. */
export function lineState(line: LineTimes, now: Date): LineState {
  if (line.endedAt && line.endReason) {
    return { kind: "ended", at: line.endedAt, reason: line.endReason, coolUntil: line.coolUntil };
  }
  if (line.endsAt && now.getTime() >= line.endsAt.getTime()) {
    return { kind: "expired", at: line.endsAt, coolUntil: line.coolUntil };
  }
  return { kind: "active", endsAt: line.endsAt };
}

export function isLive(line: LineTimes, now: Date): boolean {
  return lineState(line, now).kind === "active";
}

/** Rule 4: a line ends this long after the transaction succeeds. */
export function endsAtAfterCompletion(completedAt: Date): Date {
  return new Date(completedAt.getTime() + days(settings.lineLifetimeDays));
}

/** Rule 7: a freed slot cools down this long before it is bound again. */
export function coolUntilAfter(stoppedAt: Date): Date {
  return new Date(stoppedAt.getTime() + days(settings.coolDownDays));
}

/** Whole days left, rounded up: a line ending in 36 hours has "2 days left". */
export function daysLeft(endsAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS));
}

export type ExtendCheck =
  | { ok: true; newEndsAt: Date }
  | { ok: false; reason: "not_completed" | "not_active" | "too_early" | "limit_reached" };

/** After-sales extension: only for a completed order's live line, within the last days, a limited number of times. */
export function canExtend(line: LineTimes, orderStatus: OrderStatus, now: Date): ExtendCheck {
  if (orderStatus !== "completed" || !line.endsAt) return { ok: false, reason: "not_completed" };
  if (!isLive(line, now)) return { ok: false, reason: "not_active" };
  if (line.extensions >= settings.extensionMaxCount) return { ok: false, reason: "limit_reached" };
  if (line.endsAt.getTime() - now.getTime() > days(settings.extensionWindowDays))
    return { ok: false, reason: "too_early" };
  return { ok: true, newEndsAt: new Date(line.endsAt.getTime() + days(settings.extensionDays)) };
}

/** Orders still on their way: ending their line hands the courier the real number. */
export function isUndelivered(status: OrderStatus): boolean {
  return status === "awaiting_shipment" || status === "shipped";
}

export function isOpen(status: OrderStatus): boolean {
  return status === "awaiting_shipment" || status === "shipped" || status === "delivered";
}

/** A stable bucket 0–99 for the gray-scale rollout, from the account id. */
export function rolloutBucket(buyerId: string): number {
  return createHash("sha256").update(buyerId).digest().readUInt32BE(0) % 100;
}

export type Eligibility =
  | { eligible: true; why: "allow_list" | "percentage" }
  | { eligible: false; why: "hold_out" | "not_yet" };

/** Rule 1: eligible when on the allow-list, or when the account's bucket falls under the percentage. */
export function eligibility({
  buyerId,
  list,
  percentage,
}: {
  buyerId: string;
  list: "allow" | "hold_out" | null;
  percentage: number;
}): Eligibility {
  if (list === "hold_out") return { eligible: false, why: "hold_out" };
  if (list === "allow") return { eligible: true, why: "allow_list" };
  return rolloutBucket(buyerId) < percentage
    ? { eligible: true, why: "percentage" }
    : { eligible: false, why: "not_yet" };
}

/** `170 1234 5678`. */
export function formatHost(host: string): string {
  return `${host.slice(0, 3)} ${host.slice(3, 7)} ${host.slice(7)}`;
}

/** What a phone dials: host, a pause, then the extension. */
export function dialString(host: string, extension: string): string {
  return `${host},${extension}`;
}

/** The last four digits of the whole line, which is the extension: what a parcel station asks for. */
export function lastFour(_host: string, extension: string): string {
  return extension.slice(-4);
}
