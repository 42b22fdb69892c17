import { ROLLOUT_LISTS, type RolloutList } from "@/lib/db/schema";
import type { Locale } from "@/lib/i18n/config";
import type { Translator } from "@/lib/i18n/server";

export const MUTED = "text-sm text-slate-600 dark:text-slate-400";

export function listName(value: unknown, t: Translator): string {
  return (ROLLOUT_LISTS as readonly unknown[]).includes(value)
    ? t(`operator.listNames.${value as RolloutList}`)
    : String(value);
}

export function percent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: share < 0.01 ? 2 : 1 }).format(share);
}

export function Stat({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  const shown = typeof value === "number" ? new Intl.NumberFormat("en").format(value) : value;
  return (
    <div className="rounded-lg bg-slate-100 p-3 dark:bg-slate-800">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {shown}
      </dd>
    </div>
  );
}
