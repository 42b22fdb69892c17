import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import type { Translator } from "@/lib/i18n/server";
import type { Forecast, getPoolHealth } from "@/lib/operator/pool";
import { MUTED, percent, Stat } from "./parts";

type PoolHealth = Awaited<ReturnType<typeof getPoolHealth>>;

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

export function PoolSection({ pool, t, locale }: { pool: PoolHealth; t: Translator; locale: Locale }) {
  const forecast = describeForecast(pool.forecast, pool.ratePerHour, pool.allocatable, t, locale);
  return (
    <Card as="section" aria-labelledby="pool-heading" className="flex flex-col gap-4">
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
    </Card>
  );
}
