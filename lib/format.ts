import { DEFAULT_LOCALE, type Locale, TIME_ZONE } from "@/lib/i18n/config";
import { messagesFor } from "@/messages";

const dateTime = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function parts(date: Date) {
  return Object.fromEntries(dateTime.formatToParts(date).map((part) => [part.type, part.value]));
}

/** `2026-12-07 14:30` / `2026年12月7日 14:30`, in China time by default. */
export function formatDateTime(date: Date, locale: Locale = DEFAULT_LOCALE): string {
  const p = parts(date);
  const fields: Record<string, string> = {
    ...p,
    monthNumber: String(Number(p.month)),
    dayNumber: String(Number(p.day)),
  };
  return messagesFor(locale).common.dateTime.replace(/\{(\w+)\}/g, (_, field: string) => fields[field] ?? "");
}

export function formatMoney(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}
