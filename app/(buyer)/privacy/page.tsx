import type { Metadata } from "next";
import { OwnLastFourSection } from "@/components/own-last-four-section";
import { ProtectionSwitch } from "@/components/protection-switch";
import { ReminderSettings } from "@/components/reminder-settings";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { unavailableOnOutage } from "@/lib/db/outage";
import { formatDateTime } from "@/lib/format";
import { getI18n, type Translator } from "@/lib/i18n/server";
import { type ActivityDto, listActivity } from "@/lib/protection/activity";
import { getProtectionStatus } from "@/lib/protection/setting";
import { reminderChoices } from "@/lib/reminders/remind";
import { settings } from "@/lib/settings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("privacy.title") };
}

function describeEvent(event: ActivityDto, t: Translator): string {
  return t(`privacy.activity.${event.kind}`, {
    orderNo: event.orderNo ?? "",
    count: Number(event.detail?.ended ?? 0),
  });
}

async function PrivacyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const outcome = params.reminders;
  const ownOutcome = params.ownLastFour;
  const viewer = await requireViewer("/privacy");
  const { t, locale } = await getI18n();
  const db = await getDb();
  const now = new Date();
  const [status, activity, reminders] = await Promise.all([
    getProtectionStatus(db, { buyerId: viewer.id, now }),
    listActivity(db, { buyerId: viewer.id }),
    reminderChoices(db, { buyerId: viewer.id }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("privacy.title")}</h1>
      <Card as="section" aria-labelledby="protection-heading">
        <h2 id="protection-heading" className="text-lg font-semibold">
          {t("common.productName")}{" "}
          <span lang={t("common.productNameAltLang")} className="font-normal">
            {t("common.productNameAlt")}
          </span>
        </h2>
        <p className="mt-2 text-slate-700 dark:text-slate-300">
          {t("privacy.explanation", { days: settings.lineLifetimeDays })}
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
          <div className="rounded-lg bg-slate-100 p-3 dark:bg-slate-800">
            <dt className="text-slate-600 dark:text-slate-400">{t("privacy.realNumber")}</dt>
            <dd className="font-digits text-lg font-semibold" data-testid="masked-phone">
              {viewer.phoneMasked}
            </dd>
          </div>
          <div className="rounded-lg bg-slate-100 p-3 dark:bg-slate-800">
            <dt className="text-slate-600 dark:text-slate-400">{t("privacy.liveLines")}</dt>
            <dd className="text-lg font-semibold" data-testid="live-lines">
              {status.liveLines}
            </dd>
          </div>
        </dl>
        <div className="mt-5">
          <ProtectionSwitch
            enabled={status.enabled}
            eligible={status.eligibility.eligible}
            liveLines={status.liveLines}
            notifyRequested={status.notifyRequestedAt !== null}
            lifetimeDays={settings.lineLifetimeDays}
          />
        </div>
      </Card>
      <OwnLastFourSection
        enabled={status.ownLastFour}
        lastFour={viewer.phoneMasked.slice(-4)}
        outcome={ownOutcome === "on" || ownOutcome === "off" || ownOutcome === "invalid" ? ownOutcome : null}
        t={t}
      />
      <Card as="section" aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold">
          {t("privacy.historyTitle")}
        </h2>
        {activity.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("privacy.historyEmpty")}</p>
        ) : (
          <ol
            className="mt-3 flex flex-col divide-y divide-slate-200 dark:divide-slate-800"
            aria-label={t("privacy.historyTitle")}
          >
            {activity.map((event) => (
              <li key={event.id} className="flex flex-col py-2 sm:flex-row sm:justify-between sm:gap-4">
                <span>{describeEvent(event, t)}</span>
                <time dateTime={event.at.toISOString()} className="text-sm text-slate-600 dark:text-slate-400">
                  {formatDateTime(event.at, locale)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </Card>
      <ReminderSettings
        choices={reminders}
        outcome={outcome === "saved" || outcome === "invalid" ? outcome : null}
        t={t}
      />
    </div>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(PrivacyPage);
