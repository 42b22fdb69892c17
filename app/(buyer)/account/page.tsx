import type { Metadata } from "next";
import { DeviceNotifications } from "@/components/device-notifications";
import { ServiceWorkerRegister } from "@/components/sw-register";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/dal";
import { unavailableOnOutage } from "@/lib/db/outage";
import { getI18n } from "@/lib/i18n/server";
import { vapid } from "@/lib/reminders/vapid";
import { securitySettings } from "@/lib/security/settings";
import { DeleteAccountForm } from "./delete-account-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("account.title") };
}

async function AccountPage({ searchParams }: { searchParams: Promise<{ export?: string; minutes?: string }> }) {
  const viewer = await requireViewer("/account");
  const { t } = await getI18n();
  const params = await searchParams;
  const minutes = Math.max(1, Number.parseInt(params.minutes ?? "", 10) || 1);
  const exportError =
    params.export === "wrong-password"
      ? t("account.exportWrongPassword")
      : params.export === "too-many"
        ? t("security.tooManyAttempts", { minutes })
        : null;
  return (
    <div className="flex flex-col gap-4">
      <ServiceWorkerRegister />
      <div>
        <h1 className="text-2xl font-semibold">{t("account.title")}</h1>
        <p className="text-slate-600 dark:text-slate-400">{t("account.lead")}</p>
      </div>

      <Card as="section" padding="sm" aria-labelledby="account-details" className="flex flex-col gap-3">
        <h2 id="account-details" className="text-lg font-semibold">
          {t("account.details")}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-600 dark:text-slate-400">{t("account.name")}</dt>
          <dd>{viewer.name}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t("account.email")}</dt>
          <dd className="break-all">{viewer.email}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t("account.mobile")}</dt>
          <dd>{viewer.phoneMasked}</dd>
        </dl>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {t("account.retention", { days: securitySettings.retentionDays })}
        </p>
      </Card>

      <Card as="section" padding="sm" aria-labelledby="account-notifications" className="flex flex-col gap-3">
        <h2 id="account-notifications" className="text-lg font-semibold">
          {t("reminders.settings.deviceTitle")}
        </h2>
        <p className="text-slate-600 dark:text-slate-400">{t("reminders.settings.deviceLead")}</p>
        <DeviceNotifications vapidPublicKey={vapid().publicKey} />
      </Card>

      <Card as="section" padding="sm" aria-labelledby="account-export" className="flex flex-col gap-3">
        <h2 id="account-export" className="text-lg font-semibold">
          {t("account.exportTitle")}
        </h2>
        <p className="text-slate-600 dark:text-slate-400">{t("account.exportLead")}</p>
        <form method="post" action="/api/account/export" className="flex flex-col gap-3">
          {/* Not <Field>: its id comes from the name, and the delete form below has a "password" too. */}
          <div className="flex flex-col gap-1.5">
            <label htmlFor="export-password" className="text-sm font-medium">
              {t("account.exportPasswordLabel")}
            </label>
            <input
              id="export-password"
              name="password"
              type="password"
              autoComplete="current-password"
              aria-invalid={exportError ? true : undefined}
              aria-describedby={exportError ? "export-password-hint export-password-error" : "export-password-hint"}
              className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 py-2 text-base aria-invalid:border-red-600 dark:border-slate-600 dark:bg-slate-900"
            />
            <p id="export-password-hint" className="text-sm text-slate-600 dark:text-slate-400">
              {t("account.exportPasswordHint")}
            </p>
            {exportError ? (
              <p id="export-password-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
                {exportError}
              </p>
            ) : null}
          </div>
          <button
            type="submit"
            className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-700 px-4 py-2.5 font-medium text-white hover:bg-brand-800"
          >
            {t("account.exportButton")}
          </button>
        </form>
      </Card>

      <Card
        as="section"
        padding="sm"
        aria-labelledby="account-delete"
        className="flex flex-col gap-3 ring-red-200 dark:ring-red-900"
      >
        <h2 id="account-delete" className="text-lg font-semibold text-red-800 dark:text-red-300">
          {t("account.deleteTitle")}
        </h2>
        <p className="text-slate-700 dark:text-slate-300">{t("account.deleteLead")}</p>
        <DeleteAccountForm />
      </Card>
    </div>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(AccountPage);
