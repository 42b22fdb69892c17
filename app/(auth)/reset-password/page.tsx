import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { unavailableOnOutage } from "@/lib/db/outage";
import { getI18n } from "@/lib/i18n/server";
import { isResetTokenUsable } from "@/lib/security/password-reset";
import { ResetPasswordForm } from "./reset-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("auth.resetTitle"), referrer: "no-referrer" };
}

async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: unknown }> }) {
  const { token } = await searchParams;
  const { t } = await getI18n();
  const usable = typeof token === "string" && (await isResetTokenUsable(await getDb(), { token, now: new Date() }));
  return (
    <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <h1 className="text-2xl font-semibold">{t("auth.resetTitle")}</h1>
      {usable ? (
        <>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("auth.resetLead")}</p>
          <ResetPasswordForm token={token as string} />
        </>
      ) : (
        <>
          <p className="mt-4 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
            {t("auth.resetInvalid")}
          </p>
          <p className="mt-4 text-sm">
            <Link href="/forgot-password" className="font-medium text-brand-700 underline dark:text-brand-100">
              {t("auth.askAgain")}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(ResetPasswordPage);
