import { Card } from "@/components/ui/card";
import type { Translator } from "@/lib/i18n/server";
import type { ProviderHealth } from "@/lib/operator/provider";
import { MUTED, Stat } from "./parts";

function age(ms: number | null, t: Translator): string {
  if (ms === null) return t("operator.provider.none");
  const seconds = Math.round(ms / 1000);
  return seconds < 120
    ? t("operator.provider.seconds", { n: seconds })
    : t("operator.provider.minutes", { n: Math.round(seconds / 60) });
}

/** The telephony provider's command outbox: what is waiting, for how long, and what keeps failing. */
export function ProviderSection({ health, t }: { health: ProviderHealth; t: Translator }) {
  return (
    <Card as="section" aria-labelledby="provider-heading" className="flex flex-col gap-3">
      <h2 id="provider-heading" className="text-lg font-semibold">
        {t("operator.provider.title")}
      </h2>
      <p className={MUTED}>{t(`operator.provider.lead.${health.provider}`)}</p>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Stat label={t("operator.provider.pending")} value={health.pending} testId="provider-pending" />
        <Stat label={t("operator.provider.oldest")} value={age(health.oldestPendingMs, t)} testId="provider-oldest" />
        <Stat
          label={t("operator.provider.failed")}
          value={health.failedCommands + health.failedLines}
          testId="provider-failed"
        />
        <Stat label={t("operator.provider.retrying")} value={health.retrying} testId="provider-retrying" />
        <Stat label={t("operator.provider.connecting")} value={health.connecting} testId="provider-connecting" />
        <Stat label={t("operator.provider.bound")} value={health.bound} testId="provider-bound" />
      </dl>
      {health.errors.length > 0 ? (
        <ul className="text-sm" aria-label={t("operator.provider.errors")}>
          {health.errors.map((error) => (
            <li key={error.code}>
              <code>{error.code}</code> · {t("operator.provider.errorLines", { lines: error.lines })}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
