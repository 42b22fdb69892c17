import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { getViewer } from "@/lib/dal";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/demo/seed";
import { isDemoMode } from "@/lib/env";
import { getI18n } from "@/lib/i18n/server";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("auth.signInTitle") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await getViewer()) redirect(next?.startsWith("/") && !next.startsWith("//") ? next : "/orders");
  const { t } = await getI18n();
  return (
    <Card padding="lg">
      <h1 className="text-2xl font-semibold">{t("auth.signInTitle")}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("auth.signInLead")}</p>
      <SignInForm next={next ?? ""} />
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
        </aside>
      ) : null}
    </Card>
  );
}
