import type { Locale } from "@/lib/i18n/config";
import { en, type Messages } from "./en";
import { zhCN } from "./zh-CN";

export type { Messages };

const catalogues: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}
