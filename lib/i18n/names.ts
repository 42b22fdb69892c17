import type { LocalizedText, LocalNames } from "@/lib/db/schema";
import { DEFAULT_LOCALE, type Locale } from "./config";

export type { LocalNames };

/** The name in `locale`, else in the default locale (a merchant named in fewer languages than the app speaks). */
export function localName(names: LocalNames, locale: Locale): string {
  return names[locale] ?? names[DEFAULT_LOCALE];
}

export type { LocalizedText };

/** The text in `locale`, else the plain value it was stored with (an order's item, given in some languages only). */
export function localized(text: LocalizedText | null | undefined, locale: Locale, fallback: string): string {
  return text?.[locale] ?? fallback;
}
