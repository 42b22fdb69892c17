import { createHash } from "node:crypto";
import type { OrderStatus } from "@/lib/db/schema";
import { DAY_MS, days, settings } from "@/lib/settings";

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

/** Orders still on their way: ending their line hands the courier the real number. */
export function isUndelivered(status: OrderStatus): boolean {
  return status === "awaiting_shipment" || status === "shipped";
}

export function isOpen(status: OrderStatus): boolean {
  return status === "awaiting_shipment" || status === "shipped" || status === "delivered";
}

/** The order's own lifecycle, as the merchant and courier drive it: each step and the states it may start from. */
export const ORDER_TRANSITIONS = {
  ship: ["awaiting_shipment"],
  deliver: ["shipped"],
  complete: ["delivered"],
  cancel: ["awaiting_shipment", "shipped"],
  refund: ["delivered", "completed"],
} as const satisfies Record<string, readonly OrderStatus[]>;

export type Transition = keyof typeof ORDER_TRANSITIONS;
export const TRANSITIONS = Object.keys(ORDER_TRANSITIONS) as [Transition, ...Transition[]];

export function canTransition(transition: Transition, from: OrderStatus): boolean {
  return (ORDER_TRANSITIONS[transition] as readonly OrderStatus[]).includes(from);
}

/** The steps an order in `status` can take next, in lifecycle order. */
export function transitionsFrom(status: OrderStatus): Transition[] {
  return TRANSITIONS.filter((transition) => canTransition(transition, status));
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

/**
 * The last four digits of the whole line, host then extension: what a parcel station asks for. With
 * today's 4-digit extensions that is the extension; with a 3-digit one it starts with the host's last digit.
 */
export function lastFour(host: string, extension: string): string {
  return `${host}${extension}`.slice(-4);
}
