import type { Metadata } from "next";
import { requireOperator } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { unavailableOnOutage } from "@/lib/db/outage";
import { formatDateTime } from "@/lib/format";
import { getI18n } from "@/lib/i18n/server";
import { listOperatorEvents } from "@/lib/operator/audit";
import { listLineChurners } from "@/lib/operator/churn";
import { getPoolHealth } from "@/lib/operator/pool";
import { getProviderHealth } from "@/lib/operator/provider";
import { getRolloutOverview } from "@/lib/operator/rollout";
import { AuditSection } from "./audit-section";
import { ChurnSection } from "./churn-section";
import { HostsSection } from "./hosts-section";
import { MUTED } from "./parts";
import { PoolSection } from "./pool-section";
import { ProviderSection } from "./provider-section";
import { RolloutSection } from "./rollout-section";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("operator.title") };
}

async function OperatorPage() {
  await requireOperator("/operator");
  const { t, locale } = await getI18n();
  const db = await getDb();
  const now = new Date();
  const [rollout, pool, events, churners, provider] = await Promise.all([
    getRolloutOverview(db),
    getPoolHealth(db, { now }),
    listOperatorEvents(db, { limit: 50 }),
    listLineChurners(db, { now }),
    getProviderHealth(db, { now }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("operator.title")}</h1>
        <p className="text-slate-600 dark:text-slate-400">{t("operator.lead")}</p>
        <p className={MUTED}>{t("operator.asOf", { time: formatDateTime(now, locale) })}</p>
      </div>
      <RolloutSection rollout={rollout} t={t} locale={locale} />
      <PoolSection pool={pool} t={t} locale={locale} />
      <ChurnSection churners={churners} t={t} />
      <ProviderSection health={provider} t={t} />
      <HostsSection hosts={pool.hosts} t={t} locale={locale} />
      <AuditSection events={events} t={t} locale={locale} />
    </div>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(OperatorPage);
