import type { Metadata } from "next";
import { ActionDialog } from "@/components/action-dialog";
import { requireOperator } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { HOST_STATUSES, type HostStatus, ROLLOUT_LISTS, type RolloutList } from "@/lib/db/schema";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { getI18n, type Translator } from "@/lib/i18n/server";
import { listOperatorEvents, type OperatorEventDto } from "@/lib/operator/audit";
import { listLineChurners } from "@/lib/operator/churn";
import { type Forecast, getPoolHealth, type HostHealth } from "@/lib/operator/pool";
import { getRolloutOverview, type RolloutListEntry } from "@/lib/operator/rollout";
import { formatHost } from "@/lib/protection/rules";
import { setHostStatusAction } from "../actions";
import { AddHostForm, AddToListForm, PercentageForm, RemoveFromListForm } from "./forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("operator.title") };
}

const CARD = "rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800";
const STAT = "rounded-lg bg-slate-100 p-3 dark:bg-slate-800";
const MUTED = "text-sm text-slate-600 dark:text-slate-400";

function listName(value: unknown, t: Translator): string {
  return (ROLLOUT_LISTS as readonly unknown[]).includes(value)
    ? t(`operator.listNames.${value as RolloutList}`)
    : String(value);
}

function statusName(value: unknown, t: Translator): string {
  return (HOST_STATUSES as readonly unknown[]).includes(value)
    ? t(`operator.statusNames.${value as HostStatus}`)
    : String(value);
}

function describeEvent(event: OperatorEventDto, t: Translator): string {
  const d = event.detail;
  switch (event.kind) {
    case "rollout_percentage":
      return t("operator.audit.rollout_percentage", { from: d.from, to: d.to });
    case "rollout_list_add":
      return d.from
        ? t("operator.audit.rollout_list_move", {
            email: d.email,
            from: listName(d.from, t),
            list: listName(d.list, t),
          })
        : t("operator.audit.rollout_list_add", { email: d.email, list: listName(d.list, t) });
    case "rollout_list_remove":
      return t("operator.audit.rollout_list_remove", { email: d.email, list: listName(d.list, t) });
    case "host_added":
      return t("operator.audit.host_added", { number: formatHost(String(d.number)), slots: d.slots });
    case "host_status":
      return t("operator.audit.host_status", {
        number: formatHost(String(d.number)),
        from: statusName(d.from, t),
        to: statusName(d.to, t),
      });
  }
}

/** `42 lines/hour`, or per day when less than one an hour (`1 line/day` reads better than `0.04 lines/hour`). */
function formatRate(perHour: number, t: Translator): string {
  const daily = perHour < 1;
  const value = daily ? perHour * 24 : perHour;
  const rounded = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return t(daily ? "operator.pool.rateDaily" : "operator.pool.rateHourly", { rate: rounded });
}

function describeForecast(forecast: Forecast, rate: number, free: number, t: Translator, locale: Locale): string {
  if (forecast.kind === "exhausted") return t("operator.pool.forecastExhausted");
  if (forecast.kind === "idle") return t("operator.pool.forecastIdle", { free });
  const shown = formatRate(rate, t);
  if (forecast.hours < 1) return t("operator.pool.forecastSoon", { rate: shown });
  const date = formatDateTime(forecast.at, locale);
  if (forecast.hours < 48) {
    return t("operator.pool.forecastHours", { rate: shown, hours: Math.round(forecast.hours), date });
  }
  return t("operator.pool.forecastDays", { rate: shown, days: Math.round(forecast.hours / 24), date });
}

function percent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: share < 0.01 ? 2 : 1 }).format(share);
}

const STATUS_TONE: Record<HostStatus, string> = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  retired: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  locked: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

function Stat({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  const shown = typeof value === "number" ? new Intl.NumberFormat("en").format(value) : value;
  return (
    <div className={STAT}>
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {shown}
      </dd>
    </div>
  );
}

function HostActions({ host, t }: { host: HostHealth; t: Translator }) {
  const number = formatHost(host.number);
  const hidden = (status: HostStatus) => ({ hostId: String(host.id), status });
  const secondary =
    "border border-slate-300 bg-white hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700";
  const danger = "bg-red-600 text-white hover:bg-red-700";
  const retire = (
    <ActionDialog
      key="retire"
      trigger={t("operator.hosts.retire")}
      triggerClassName={secondary}
      title={t("operator.hosts.retireTitle", { number })}
      action={setHostStatusAction}
      hidden={hidden("retired")}
      confirmLabel={t("operator.hosts.retireConfirm")}
    >
      <p>{t("operator.hosts.retireBody", { bound: host.bound })}</p>
    </ActionDialog>
  );
  const lock = (
    <ActionDialog
      key="lock"
      trigger={t("operator.hosts.lock")}
      triggerClassName={danger}
      title={t("operator.hosts.lockTitle", { number })}
      action={setHostStatusAction}
      hidden={hidden("locked")}
      confirmLabel={t("operator.hosts.lockConfirm")}
      confirmVariant="danger"
    >
      <p>{t("operator.hosts.lockBody", { bound: host.bound })}</p>
    </ActionDialog>
  );
  const activate = (kind: "activate" | "unlock") => (
    <ActionDialog
      key={kind}
      trigger={t(`operator.hosts.${kind}`)}
      triggerClassName={secondary}
      title={t(`operator.hosts.${kind}Title`, { number })}
      action={setHostStatusAction}
      hidden={hidden("active")}
      confirmLabel={t(`operator.hosts.${kind}Confirm`)}
    >
      <p>{t(`operator.hosts.${kind}Body`)}</p>
    </ActionDialog>
  );
  const buttons = {
    active: [retire, lock],
    retired: [activate("activate"), lock],
    locked: [activate("unlock"), retire],
  }[host.status];
  return <div className="flex flex-wrap gap-2">{buttons}</div>;
}

function ListSection({
  title,
  lead,
  entries,
  list,
  t,
  locale,
}: {
  title: string;
  lead: string;
  entries: RolloutListEntry[];
  list: RolloutList;
  t: Translator;
  locale: Locale;
}) {
  return (
    <div>
      <h3 className="font-semibold">{title}</h3>
      <p className={MUTED}>{lead}</p>
      {entries.length === 0 ? (
        <p className={`mt-2 ${MUTED}`}>{t("operator.rollout.listEmpty")}</p>
      ) : (
        <ul className="mt-2 flex flex-col divide-y divide-slate-200 dark:divide-slate-800" aria-label={title}>
          {entries.map((entry) => (
            <li key={entry.email} className="flex items-center justify-between gap-3 py-2">
              <div className="min-w-0">
                <p className="break-all font-medium">{entry.email}</p>
                <p className={MUTED}>
                  {formatDateTime(entry.addedAt, locale)}
                  {entry.hasAccount ? null : ` · ${t("operator.rollout.noAccount")}`}
                </p>
              </div>
              <RemoveFromListForm
                email={entry.email}
                label={t("operator.rollout.removeLabel", { email: entry.email, list: listName(list, t) })}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default async function OperatorPage() {
  await requireOperator("/operator");
  const { t, locale } = await getI18n();
  const db = await getDb();
  const now = new Date();
  const [rollout, pool, events, churners] = await Promise.all([
    getRolloutOverview(db),
    getPoolHealth(db, { now }),
    listOperatorEvents(db, { limit: 50 }),
    listLineChurners(db, { now }),
  ]);
  const forecast = describeForecast(pool.forecast, pool.ratePerHour, pool.allocatable, t, locale);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("operator.title")}</h1>
        <p className="text-slate-600 dark:text-slate-400">{t("operator.lead")}</p>
        <p className={MUTED}>{t("operator.asOf", { time: formatDateTime(now, locale) })}</p>
      </div>

      <section aria-labelledby="rollout-heading" className={`${CARD} flex flex-col gap-5`}>
        <h2 id="rollout-heading" className="text-lg font-semibold">
          {t("operator.rollout.title")}
        </h2>
        <PercentageForm percentage={rollout.percentage} />
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Stat
            label={t("operator.rollout.eligible")}
            value={t("operator.rollout.eligibleValue", { eligible: rollout.eligible, buyers: rollout.buyers })}
            testId="rollout-eligible"
          />
          <Stat
            label={t("operator.rollout.byAllowList")}
            value={rollout.byWhy.allow_list}
            testId="rollout-allow-list"
          />
          <Stat
            label={t("operator.rollout.byPercentage")}
            value={rollout.byWhy.percentage}
            testId="rollout-percentage"
          />
          <Stat label={t("operator.rollout.heldOut")} value={rollout.byWhy.hold_out} testId="rollout-held-out" />
          <Stat label={t("operator.rollout.notYet")} value={rollout.byWhy.not_yet} testId="rollout-not-yet" />
          <Stat
            label={t("operator.rollout.notify")}
            value={t("operator.rollout.notifyValue", {
              count: rollout.notifyRequests,
              eligible: rollout.notifyEligible,
            })}
            testId="rollout-notify"
          />
        </dl>
        <p className={MUTED}>{t("operator.rollout.countsNote")}</p>
        <div className="grid gap-5 sm:grid-cols-2">
          <ListSection
            title={t("operator.rollout.allowTitle")}
            lead={t("operator.rollout.allowLead")}
            entries={rollout.allow}
            list="allow"
            t={t}
            locale={locale}
          />
          <ListSection
            title={t("operator.rollout.holdOutTitle")}
            lead={t("operator.rollout.holdOutLead")}
            entries={rollout.holdOut}
            list="hold_out"
            t={t}
            locale={locale}
          />
        </div>
        <div>
          <h3 className="mb-2 font-semibold">{t("operator.rollout.addTitle")}</h3>
          <AddToListForm />
        </div>
      </section>

      <section aria-labelledby="pool-heading" className={`${CARD} flex flex-col gap-4`}>
        <h2 id="pool-heading" className="text-lg font-semibold">
          {t("operator.pool.title")}
        </h2>
        <p className={MUTED}>{t("operator.pool.definitions")}</p>
        <h3 className="font-semibold">{t("operator.pool.total")}</h3>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label={t("operator.pool.slots")} value={pool.total.total} testId="pool-total" />
          <Stat label={t("operator.pool.free")} value={pool.total.free} testId="pool-free" />
          <Stat label={t("operator.pool.bound")} value={pool.total.bound} testId="pool-bound" />
          <Stat label={t("operator.pool.cooling")} value={pool.total.cooling} testId="pool-cooling" />
          <Stat
            label={t("operator.pool.utilisation")}
            value={percent(pool.total.utilisation, locale)}
            testId="pool-utilisation"
          />
          <Stat label={t("operator.pool.allocatable")} value={pool.allocatable} testId="pool-allocatable" />
          <Stat label={t("operator.pool.lastHour")} value={pool.total.lastHour} testId="pool-last-hour" />
          <Stat label={t("operator.pool.last24h")} value={pool.total.last24h} testId="pool-last-24h" />
        </dl>
        <div>
          <h3 className="font-semibold">{t("operator.pool.forecastTitle")}</h3>
          <p className="mt-1 font-medium" data-testid="pool-forecast">
            {forecast}
          </p>
          <p className={MUTED}>{t("operator.pool.forecastNote")}</p>
        </div>
      </section>

      <section aria-labelledby="churn-heading" className={`${CARD} flex flex-col gap-3`}>
        <h2 id="churn-heading" className="text-lg font-semibold">
          {t("operator.churn.title")}
        </h2>
        <p className={MUTED}>{t("operator.churn.lead")}</p>
        {churners.length === 0 ? (
          <p className="text-sm">{t("operator.churn.none")}</p>
        ) : (
          <table className="text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col">{t("operator.churn.buyer")}</th>
                <th scope="col">{t("operator.churn.orders")}</th>
                <th scope="col">{t("operator.churn.ended")}</th>
              </tr>
            </thead>
            <tbody>
              {churners.map((row) => (
                <tr key={row.buyer}>
                  <td>{row.buyer}</td>
                  <td className="font-digits">{row.orders}</td>
                  <td className="font-digits">{row.endedLines}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="hosts-heading" className={`${CARD} flex flex-col gap-4`}>
        <h2 id="hosts-heading" className="text-lg font-semibold">
          {t("operator.hosts.title")}
        </h2>
        {pool.hosts.length === 0 ? (
          <p className={MUTED}>{t("operator.hosts.empty")}</p>
        ) : (
          <ul className="flex flex-col gap-3" aria-label={t("operator.hosts.listLabel")}>
            {pool.hosts.map((host) => (
              <li
                key={`${host.id}-${host.status}`}
                className="flex flex-col gap-3 rounded-xl p-4 ring-1 ring-slate-200 dark:ring-slate-800"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="font-digits text-lg font-semibold">{formatHost(host.number)}</h3>
                  <span
                    className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${STATUS_TONE[host.status]}`}
                    data-testid="host-status"
                  >
                    <span className="sr-only">{t("operator.hosts.statusLabel")}: </span>
                    {t(`operator.hosts.status.${host.status}`)}
                  </span>
                  <span className={`ml-auto ${MUTED}`}>
                    {t("operator.hosts.addedOn", { date: formatDateTime(host.createdAt, locale) })}
                  </span>
                </div>
                <dl className="grid grid-cols-3 gap-2 sm:grid-cols-6">
                  <Stat label={t("operator.pool.free")} value={host.free} testId="host-free" />
                  <Stat label={t("operator.pool.bound")} value={host.bound} testId="host-bound" />
                  <Stat label={t("operator.pool.cooling")} value={host.cooling} testId="host-cooling" />
                  <Stat
                    label={t("operator.pool.utilisation")}
                    value={percent(host.utilisation, locale)}
                    testId="host-utilisation"
                  />
                  <Stat label={t("operator.pool.lastHour")} value={host.lastHour} testId="host-last-hour" />
                  <Stat label={t("operator.pool.last24h")} value={host.last24h} testId="host-last-24h" />
                </dl>
                <HostActions host={host} t={t} />
              </li>
            ))}
          </ul>
        )}
        <div>
          <h3 className="mb-2 font-semibold">{t("operator.hosts.addTitle")}</h3>
          <AddHostForm />
        </div>
      </section>

      <section aria-labelledby="audit-heading" className={CARD}>
        <h2 id="audit-heading" className="text-lg font-semibold">
          {t("operator.audit.title")}
        </h2>
        <p className={MUTED}>{t("operator.audit.lead")}</p>
        {events.length === 0 ? (
          <p className={`mt-2 ${MUTED}`}>{t("operator.audit.empty")}</p>
        ) : (
          <ol
            className="mt-3 flex flex-col divide-y divide-slate-200 dark:divide-slate-800"
            aria-label={t("operator.audit.listLabel")}
          >
            {events.map((event) => (
              <li key={event.id} className="flex flex-col py-2 sm:flex-row sm:justify-between sm:gap-4">
                <span>
                  {describeEvent(event, t)}{" "}
                  <span className={MUTED}>
                    {t("operator.audit.by", { name: event.operatorName, email: event.operatorEmail })}
                  </span>
                </span>
                <time dateTime={event.at.toISOString()} className={`shrink-0 ${MUTED}`}>
                  {formatDateTime(event.at, locale)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
