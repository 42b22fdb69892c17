import type { EndReason, OrderStatus } from "@/lib/db/schema";

export const TIME_ZONE = process.env.APP_TIME_ZONE || "Asia/Shanghai";

const dateTime = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** `2026-12-07 14:30`, in China time by default. */
export function formatDateTime(date: Date): string {
  const parts = Object.fromEntries(dateTime.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function formatDate(date: Date): string {
  return formatDateTime(date).slice(0, 10);
}

export function formatMoney(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_shipment: "Awaiting shipment",
  shipped: "Shipped",
  delivered: "Delivered",
  completed: "Completed",
  cancelled: "Cancelled",
  refunded: "Refunded",
};

export const END_REASON_LABELS: Record<EndReason, string> = {
  ended_early: "Ended early by you",
  order_cancelled: "Ended: order cancelled",
  order_refunded: "Ended: order refunded",
  protection_off: "Ended when you turned protection off",
  account_deleted: "Ended: account deleted",
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
