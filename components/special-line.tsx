import { CopyButton } from "@/components/copy-button";
import { formatDateTime } from "@/lib/format";
import { getI18n } from "@/lib/i18n/server";
import type { LineDto } from "@/lib/protection/queries";
import { settings } from "@/lib/settings";

export async function LineStateBadge({ line }: { line: LineDto }) {
  const { t } = await getI18n();
  const styles = {
    active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
    expired: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
    ended: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  } as const;
  if (line.connecting) {
    return (
      <span className="rounded-full bg-sky-100 px-2.5 py-1 text-xs font-semibold text-sky-900 dark:bg-sky-900 dark:text-sky-100">
        {t("line.connecting")}
      </span>
    );
  }
  const label =
    line.state === "active"
      ? line.endsAt
        ? t("line.activeDaysLeft", { days: line.daysLeft ?? 0 })
        : t("line.active")
      : t(line.state === "expired" ? "line.expired" : "line.ended");
  return <span className={`rounded-full px-2.5 py-1 text-xs font-semibold ${styles[line.state]}`}>{label}</span>;
}

/** When the line stops, or stopped, working, and until when its number cools down. */
export async function LineTimes({ line }: { line: LineDto }) {
  const { t, locale } = await getI18n();
  if (line.connecting) return <p className="text-sm text-slate-700 dark:text-slate-300">{t("line.connectingBody")}</p>;
  if (line.state === "active") {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {line.endsAt
          ? t("line.worksUntil", { date: formatDateTime(line.endsAt, locale), days: line.daysLeft ?? 0 })
          : t("line.worksWhileOpen", { days: settings.lineLifetimeDays })}
      </p>
    );
  }
  const at = line.state === "ended" ? line.endedAt : line.endsAt;
  const sentences = [
    line.state === "ended" && line.endReason ? t(`line.endReason.${line.endReason}`) : null,
    at ? t("line.stoppedAt", { date: formatDateTime(at, locale) }) : null,
    t("line.rejected"),
    line.coolUntil ? t("line.coolingUntil", { date: formatDateTime(line.coolUntil, locale) }) : null,
  ];
  return <p className="text-sm text-slate-700 dark:text-slate-300">{sentences.filter(Boolean).join(" ")}</p>;
}

export async function lineText(line: Pick<LineDto, "hostFormatted" | "extension">): Promise<string> {
  const { t } = await getI18n();
  return t("line.written", { host: line.hostFormatted, extension: line.extension });
}

/** The line as written and its last four digits, large enough to read at arm's length. */
export async function SpecialLine({ line, copy = true }: { line: LineDto; copy?: boolean }) {
  const { t } = await getI18n();
  const live = line.state === "active";
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {t("line.label")} · {t("line.labelZh")}
          </p>
          <p
            className={`font-digits text-lg ${live ? "" : "text-slate-600 line-through decoration-1 dark:text-slate-400"}`}
          >
            <span data-testid="special-line">{await lineText(line)}</span>
          </p>
        </div>
        <div className="sm:text-right">
          <p className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {t("line.lastFour")} · {t("line.lastFourZh")}
          </p>
          <p
            data-testid="last-four"
            className={`font-digits text-5xl leading-none tracking-widest ${live ? "font-bold" : "font-normal text-slate-500 dark:text-slate-400"}`}
          >
            {line.lastFour}
          </p>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <LineStateBadge line={line} />
      </div>
      {copy && live ? (
        <div className="flex flex-wrap gap-2">
          <CopyButton value={line.dial} label={t("line.copyLine")} />
          <CopyButton value={line.lastFour} label={t("line.copyLastFour")} />
        </div>
      ) : null}
    </div>
  );
}
