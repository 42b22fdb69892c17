export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** A text people read, keyed by locale (data such as an order's item in each language it was given in). */
export type LocalizedText = Partial<Record<Locale, string>>;

/** The text in `locale`, else the plain value it was stored with. */
export function localized(text: LocalizedText | null | undefined, locale: Locale, fallback: string): string {
  return text?.[locale] ?? fallback;
}
export const LOCALE_COOKIE = "locale";
export const TIME_ZONE = process.env.APP_TIME_ZONE || "Asia/Shanghai";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** zh-CN when the browser asks for Chinese before English, English otherwise. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag ?? "", q: q ? Number(q.trim().slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return DEFAULT_LOCALE;
}
