import { Card } from "@/components/ui/card";
import { HOST_STATUSES, type HostStatus } from "@/lib/db/schema";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { Translator } from "@/lib/i18n/server";
import type { OperatorEventDto } from "@/lib/operator/audit";
import { formatHost } from "@/lib/protection/rules";
import { listName, MUTED } from "./parts";

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

export function AuditSection({ events, t, locale }: { events: OperatorEventDto[]; t: Translator; locale: Locale }) {
  return (
    <Card as="section" aria-labelledby="audit-heading">
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
    </Card>
  );
}
