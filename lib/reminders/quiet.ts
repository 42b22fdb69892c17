import { TIME_ZONE } from "@/lib/i18n/config";

export type QuietHours = { quietStart: number; quietEnd: number };

/** 22:00–08:00 China time unless the buyer chose otherwise (minutes from midnight). */
export const DEFAULT_QUIET: QuietHours = { quietStart: 22 * 60, quietEnd: 8 * 60 };

/** The wall-clock minutes of the day at `now` in `timeZone`. */
function minutesOfDay(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: "hour" | "minute") => Number(parts.find((p) => p.type === type)?.value);
  return part("hour") * 60 + part("minute");
}

/** Whether `minute` falls in [start, end), a window that may wrap past midnight; start = end: never quiet. */
export function inQuietWindow(minute: number, { quietStart, quietEnd }: QuietHours): boolean {
  if (quietStart === quietEnd) return false;
  return quietStart < quietEnd ? minute >= quietStart && minute < quietEnd : minute >= quietStart || minute < quietEnd;
}

/**
 * When a reminder due at `now` may go out: null when now is outside the quiet hours, else the end of
 * them (the next `quietEnd` o'clock in the time zone, to the minute).
 */
export function quietUntil(now: Date, quiet: QuietHours, timeZone: string = TIME_ZONE): Date | null {
  const minute = minutesOfDay(now, timeZone);
  if (!inQuietWindow(minute, quiet)) return null;
  const wait = (quiet.quietEnd - minute + 24 * 60) % (24 * 60);
  const end = new Date(now.getTime() + wait * 60_000);
  end.setUTCSeconds(0, 0);
  return end;
}

/** "22:00" ⇄ 1320, for the settings form. */
export function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export function parseMinutes(value: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}
