import { Card } from "@/components/ui/card";
import type { RolloutList } from "@/lib/db/schema";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { Translator } from "@/lib/i18n/server";
import type { getRolloutOverview, RolloutListEntry } from "@/lib/operator/rollout";
import { AddToListForm, PercentageForm, RemoveFromListForm } from "./forms";
import { listName, MUTED, Stat } from "./parts";

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

export function RolloutSection({
  rollout,
  t,
  locale,
}: {
  rollout: Awaited<ReturnType<typeof getRolloutOverview>>;
  t: Translator;
  locale: Locale;
}) {
  return (
    <Card as="section" aria-labelledby="rollout-heading" className="flex flex-col gap-5">
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
        <Stat label={t("operator.rollout.byAllowList")} value={rollout.byWhy.allow_list} testId="rollout-allow-list" />
        <Stat label={t("operator.rollout.byPercentage")} value={rollout.byWhy.percentage} testId="rollout-percentage" />
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
    </Card>
  );
}
