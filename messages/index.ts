import type { Locale } from "@/lib/i18n/config";
import { en } from "./en";
import { zhCN } from "./zh-CN";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
/** Every language has exactly the keys of the English catalogue (checked by tsc). */
export type Messages = Shape<typeof en>;

const catalogues: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}
