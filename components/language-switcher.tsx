import { setLocaleAction } from "@/app/(auth)/actions";
import { LOCALES } from "@/lib/i18n/config";
import { getI18n } from "@/lib/i18n/server";
import { messagesFor } from "@/messages";

/** One button per other language: a plain form, so it works before JavaScript loads. */
export async function LanguageSwitcher() {
  const { t, locale } = await getI18n();
  return (
    <form action={setLocaleAction} className="flex flex-wrap items-center gap-2" aria-label={t("common.language")}>
      {LOCALES.filter((other) => other !== locale).map((other) => (
        <button
          key={other}
          type="submit"
          name="locale"
          value={other}
          lang={other}
          className="min-h-11 min-w-11 rounded-lg border border-slate-300 px-3 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          {messagesFor(other).common.languageName}
        </button>
      ))}
    </form>
  );
}
