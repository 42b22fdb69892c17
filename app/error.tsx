"use client";

import { useTranslations } from "use-intl";

/** A render that failed (the database dropped mid-page, say): a plain message and a retry, never a stack. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common");
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">{t("errorTitle")}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">{t("errorBody")}</p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 inline-block min-h-11 rounded-lg bg-brand-700 px-4 py-3 font-medium text-white"
      >
        {t("unavailableRetry")}
      </button>
    </main>
  );
}
