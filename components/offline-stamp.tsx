"use client";

import { useSyncExternalStore } from "react";
import { useFormatter, useTranslations } from "use-intl";

function subscribe(onChange: () => void) {
  window.addEventListener("online", onChange);
  window.addEventListener("offline", onChange);
  return () => {
    window.removeEventListener("online", onChange);
    window.removeEventListener("offline", onChange);
  };
}

/**
 * "As of 14:32": when the page's figures were read. Offline, the page is the copy the service worker
 * kept, so the stamp is the time of that copy, and says it is offline.
 */
export function OfflineStamp({ at }: { at: string }) {
  const t = useTranslations("offline");
  const format = useFormatter();
  const online = useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
  const time = format.dateTime(new Date(at), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return (
    <p
      data-testid="as-of"
      className={
        online
          ? "text-sm text-slate-600 dark:text-slate-400"
          : "rounded-lg bg-amber-100 px-3 py-2 text-sm font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-50"
      }
    >
      <time dateTime={at}>{online ? t("asOf", { time }) : t("offlineAsOf", { time })}</time>
    </p>
  );
}
