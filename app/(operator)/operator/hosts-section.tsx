import { ActionDialog } from "@/components/action-dialog";
import { Card } from "@/components/ui/card";
import type { HostStatus } from "@/lib/db/schema";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { Translator } from "@/lib/i18n/server";
import type { HostHealth } from "@/lib/operator/pool";
import { formatHost } from "@/lib/protection/rules";
import { setHostStatusAction } from "../actions";
import { AddHostForm } from "./forms";
import { MUTED, percent, Stat } from "./parts";

const STATUS_TONE: Record<HostStatus, string> = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  retired: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  locked: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

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

export function HostsSection({ hosts, t, locale }: { hosts: HostHealth[]; t: Translator; locale: Locale }) {
  return (
    <Card as="section" aria-labelledby="hosts-heading" className="flex flex-col gap-4">
      <h2 id="hosts-heading" className="text-lg font-semibold">
        {t("operator.hosts.title")}
      </h2>
      {hosts.length === 0 ? (
        <p className={MUTED}>{t("operator.hosts.empty")}</p>
      ) : (
        <ul className="flex flex-col gap-3" aria-label={t("operator.hosts.listLabel")}>
          {hosts.map((host) => (
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
                <span className={MUTED} data-testid="host-width">
                  {t("operator.hosts.widthLabel", { digits: host.extensionWidth })}
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
    </Card>
  );
}
