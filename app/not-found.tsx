import Link from "next/link";
import { getI18n } from "@/lib/i18n/server";

export default async function NotFound() {
  const { t } = await getI18n();
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">{t("common.notFoundTitle")}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">{t("common.notFoundBody")}</p>
      <Link href="/orders" className="mt-6 inline-block rounded-lg bg-brand-700 px-4 py-3 font-medium text-white">
        {t("common.backToOrders")}
      </Link>
    </main>
  );
}
