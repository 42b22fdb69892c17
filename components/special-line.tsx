import { CopyButton } from "@/components/copy-button";
import { END_REASON_LABELS, formatDateTime, plural } from "@/lib/format";
import type { LineDto } from "@/lib/protection/queries";

export function LineStateBadge({ line }: { line: LineDto }) {
  const styles = {
    active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
    expired: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
    ended: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  } as const;
  const label =
    line.state === "active"
      ? line.endsAt
        ? `Active · ${plural(line.daysLeft ?? 0, "day")} left`
        : "Active"
      : line.state === "expired"
        ? "Expired · frozen"
        : "Ended early · frozen";
  return <span className={`rounded-full px-2.5 py-1 text-xs font-semibold ${styles[line.state]}`}>{label}</span>;
}

/** When the line stops, or stopped, working, and until when its number cools down. */
export function LineTimes({ line }: { line: LineDto }) {
  if (line.state === "active") {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {line.endsAt
          ? `Works until ${formatDateTime(line.endsAt)} (China time), ${plural(line.daysLeft ?? 0, "day")} left.`
          : "Works while the order is open, then 15 days after it completes."}
      </p>
    );
  }
  const at = line.state === "ended" ? line.endedAt : line.endsAt;
  return (
    <p className="text-sm text-slate-700 dark:text-slate-300">
      {line.state === "ended" && line.endReason ? `${END_REASON_LABELS[line.endReason]}. ` : ""}
      {at ? `Stopped working ${formatDateTime(at)}. ` : ""}
      Calls and messages to it are rejected.
      {line.coolUntil
        ? ` The number cools down until ${formatDateTime(line.coolUntil)} before anyone else gets it.`
        : ""}
    </p>
  );
}

/** The line as written and its last four digits, large enough to read at arm's length. */
export function SpecialLine({ line, copy = true }: { line: LineDto; copy?: boolean }) {
  const live = line.state === "active";
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">Special line · 专线号码</p>
          <p
            className={`font-digits text-lg ${live ? "" : "text-slate-500 line-through decoration-1 dark:text-slate-400"}`}
          >
            <span data-testid="special-line">
              {line.hostFormatted} ext. {line.extension}
            </span>
          </p>
        </div>
        <div className="text-right">
          <p className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">Last four · 尾号</p>
          <p data-testid="last-four" className="font-digits text-5xl font-bold leading-none tracking-widest">
            {line.lastFour}
          </p>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <LineStateBadge line={line} />
      </div>
      {copy && live ? (
        <div className="flex flex-wrap gap-2">
          <CopyButton value={line.dial} label="Copy line" />
          <CopyButton value={line.lastFour} label="Copy last four" />
        </div>
      ) : null}
    </div>
  );
}
