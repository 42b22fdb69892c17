import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { getViewer } from "@/lib/dal";
import { unavailableOnOutage } from "@/lib/db/outage";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo/seed";
import { isDemoMode } from "@/lib/env";
import { getI18n } from "@/lib/i18n/server";
import { safeNext } from "@/lib/security/safe-next";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("auth.signInTitle") };
}

async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; signedUp?: string; reset?: string }>;
}) {
  const { next, signedUp, reset } = await searchParams;
  if (await getViewer()) redirect(safeNext(next));
  const { t } = await getI18n();
  return (
    <Card padding="lg">
      <h1 className="text-2xl font-semibold">{t("auth.signInTitle")}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("auth.signInLead")}</p>
      {signedUp === "1" || reset === "1" ? (
        <p className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          {t(reset === "1" ? "auth.passwordChanged" : "auth.signedUp")}
        </p>
      ) : null}
      <SignInForm next={safeNext(next, "")} />
      <p className="mt-4 text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-700 underline dark:text-brand-100">
          {t("auth.forgotPassword")}
        </Link>
      </p>
      <p className="mt-6 text-sm">
        {t("auth.newHere")}{" "}
        <Link href="/sign-up" className="font-medium text-brand-700 underline dark:text-brand-100">
          {t("auth.createAccountLink")}
        </Link>
      </p>
      {isDemoMode() ? (
        <aside
          aria-label={t("auth.demoTitle")}
          className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">{t("auth.demoTitle")}</p>
          <p>{t("auth.demoAccount", { email: DEMO_ACCOUNTS.buyer.email, password: DEMO_PASSWORD })}</p>
          <p className="mt-1">
            <Link href="/dev/outbox" className="font-medium underline">
              {t("mail.outboxTitle")}
            </Link>
          </p>
        </aside>
      ) : null}
    </Card>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(SignInPage);
