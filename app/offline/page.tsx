import type { Metadata } from "next";
import { ReloadButton } from "@/components/reload-button";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("offline.title") };
}

/**
 * What the service worker shows for any page it cannot fetch and does not keep (lib/pwa/sw.ts). It
 * holds nobody's data: it is precached once per build, for every buyer of the device alike.
 */
export default async function OfflinePage() {
  const { t } = await getI18n();
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">{t("offline.title")}</h1>
      <p className="text-slate-700 dark:text-slate-300">{t("offline.lead")}</p>
      <div className="flex justify-center gap-3">
        <a
          href="/pickup"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
        >
          {t("offline.openPickup")}
        </a>
        <ReloadButton label={t("offline.retry")} />
      </div>
    </main>
  );
}
