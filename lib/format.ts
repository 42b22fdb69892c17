import { type Locale, TIME_ZONE } from "@/lib/i18n/config";

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
export function formatDateTime(date: Date, locale: Locale = "en"): string {
  const p = parts(date);
  if (locale === "zh-CN") return `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatMoney(cents: number): string {
  return `¥${(cents / 100).toFixed(2)}`;
}
