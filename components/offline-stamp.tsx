/**
 * "As of 14:32": when the page's figures were read. No script: the service worker marks the copy it
 * keeps (`data-kept="yes"`), and that copy is shown only with no network, so it says "Offline".
 */
export function OfflineStamp({ at, online, offline }: { at: string; online: string; offline: string }) {
  return (
    <p data-testid="as-of" data-kept="no" className="group text-sm text-slate-600 dark:text-slate-400">
      <time dateTime={at} data-testid="as-of-online" className="group-data-[kept=yes]:hidden">
        {online}
      </time>
      <time
        dateTime={at}
        data-testid="as-of-offline"
        className="hidden rounded-lg bg-amber-100 px-3 py-2 font-semibold text-amber-900 group-data-[kept=yes]:block dark:bg-amber-900 dark:text-amber-50"
      >
        {offline}
      </time>
    </p>
  );
}
