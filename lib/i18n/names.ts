import type { LocalNames } from "@/lib/db/schema";
import { DEFAULT_LOCALE, type Locale } from "./config";

export type { LocalNames };

/** The name in `locale`, else in the default locale (a merchant named in fewer languages than the app speaks). */
export function localName(names: LocalNames, locale: Locale): string {
  return names[locale] ?? names[DEFAULT_LOCALE];
}
