import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { getViewer } from "@/lib/dal";
import { unavailableOnOutage } from "@/lib/db/outage";
import { getI18n } from "@/lib/i18n/server";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("auth.signUpTitle") };
}

async function SignUpPage() {
  if (await getViewer()) redirect("/orders");
  const { t } = await getI18n();
  return (
    <Card padding="lg">
      <h1 className="text-2xl font-semibold">{t("auth.signUpTitle")}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("auth.signUpLead")}</p>
      <SignUpForm />
      <p className="mt-6 text-sm">
        {t("auth.haveAccount")}{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 underline dark:text-brand-100">
          {t("auth.signInTitle")}
        </Link>
      </p>
    </Card>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(SignUpPage);
