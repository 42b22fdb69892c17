import { createTranslator } from "use-intl/core";
import type { ReminderKind } from "@/lib/db/schema";
import { type Locale, TIME_ZONE } from "@/lib/i18n/config";
import { messagesFor } from "@/messages";

export type ReminderText = { title: string; body: string; action: string | null };

function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: messagesFor(locale), timeZone: TIME_ZONE, namespace: "reminders" });
}

function lineEnd(locale: Locale, iso: string | undefined): string {
  const date = new Date(iso ?? "");
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

/** A reminder's words, for the notification and the bell alike. */
export function reminderText(
  locale: Locale,
  { kind, params }: { kind: ReminderKind; params: Record<string, string> },
): ReminderText {
  const t = translatorFor(locale);
  const item = params.item ?? "";
  const station = params.station || t("aStation");
  switch (kind) {
    case "code_arrived":
      return {
        title: t("codeArrived.title", { codes: params.codes ?? "" }),
        body: t("codeArrived.body", { item, station }),
        action: null,
      };
    case "line_stopping":
      return {
        title: t("lineStopping.title"),
        body: t("lineStopping.body", { item, date: lineEnd(locale, params.endsAt) }),
        action: t("lineStopping.action"),
      };
    case "parcel_waiting":
      return {
        title: t("parcelWaiting.title"),
        body:
          params.reason === "deadline"
            ? t("parcelWaiting.deadline", { item, station, deadline: params.deadline ?? "" })
            : t("parcelWaiting.waited", { item, station }),
        action: null,
      };
  }
}
