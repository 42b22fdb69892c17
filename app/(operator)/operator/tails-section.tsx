import { Card } from "@/components/ui/card";
import type { Locale } from "@/lib/i18n/config";
import type { Translator } from "@/lib/i18n/server";
import { TAIL_TARGET_SHARE, TAIL_WINDOW_DAYS, type TailHealth } from "@/lib/operator/tails";
import { MUTED, percent, Stat } from "./parts";

/**
 * Lines asked to end in the buyer's own last four: which last fours ran out, and the arithmetic of how
 * many host numbers would serve nearly all of them (each host number gives each last four one slot).
 */
export function TailsSection({ tails, t, locale }: { tails: TailHealth; t: Translator; locale: Locale }) {
  const share = percent(TAIL_TARGET_SHARE, locale);
  return (
    <Card as="section" aria-labelledby="tails-heading" className="flex flex-col gap-4">
      <h2 id="tails-heading" className="text-lg font-semibold">
        {t("operator.tails.title")}
      </h2>
      <p className={MUTED}>{t("operator.tails.lead", { days: TAIL_WINDOW_DAYS })}</p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label={t("operator.tails.asking")} value={tails.askingBuyers} testId="tails-asking" />
        <Stat label={t("operator.tails.asked", { days: TAIL_WINDOW_DAYS })} value={tails.asked} testId="tails-asked" />
        <Stat
          label={t("operator.tails.missed", { days: TAIL_WINDOW_DAYS })}
          value={tails.missed}
          testId="tails-missed"
        />
        <Stat label={t("operator.tails.holding")} value={tails.holding} testId="tails-holding" />
      </dl>
      <div>
        <h3 className="font-semibold">{t("operator.tails.capacityTitle")}</h3>
        <p className="mt-1 font-medium" data-testid="tails-capacity">
          {tails.holding === 0
            ? t("operator.tails.capacityIdle", { hosts: tails.hosts })
            : t("operator.tails.capacity", {
                hosts: tails.hosts,
                holding: tails.holding,
                busiest: tails.busiest,
                needed: tails.needed,
                share,
              })}
        </p>
        <p className={MUTED}>{t("operator.tails.arithmetic", { share })}</p>
      </div>
      {tails.exhausted.length === 0 ? (
        <p className="text-sm" data-testid="tails-none">
          {t("operator.tails.none", { days: TAIL_WINDOW_DAYS })}
        </p>
      ) : (
        <table className="text-sm" data-testid="tails-exhausted">
          <caption className="text-left font-semibold">
            {t("operator.tails.exhaustedTitle", { days: TAIL_WINDOW_DAYS })}
          </caption>
          <thead>
            <tr className="text-left">
              <th scope="col">{t("operator.tails.tail")}</th>
              <th scope="col">{t("operator.tails.missedColumn")}</th>
              <th scope="col">{t("operator.tails.askedColumn")}</th>
              <th scope="col">{t("operator.tails.holdingColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {tails.exhausted.map((row) => (
              <tr key={row.tail}>
                <td className="font-digits">{row.tail}</td>
                <td className="font-digits">{row.missed}</td>
                <td className="font-digits">{row.asked}</td>
                <td className="font-digits">{row.holding}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
