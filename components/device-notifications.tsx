"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import type { DeviceState } from "@/lib/pwa/push-client";

const load = () => import("@/lib/pwa/push-client");
const BUTTON =
  "inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-4 font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

/** Notifications on this device (the work is in lib/pwa/push-client.ts, loaded after the page). */
export function DeviceNotifications({ vapidPublicKey }: { vapidPublicKey: string }) {
  const t = useTranslations("reminders.settings");
  const [state, setState] = useState<DeviceState | "invalid" | "unknown">("unknown");
  useEffect(() => {
    load()
      .then((m) => m.deviceState())
      .then(setState, () => setState("unsupported"));
  }, []);
  const run = (work: (m: Awaited<ReturnType<typeof load>>) => Promise<DeviceState | "invalid">) =>
    load()
      .then(work)
      .then(setState, () => setState("unsupported"));
  return (
    <div className="flex flex-col gap-2" data-testid="device-notifications" data-state={state}>
      <p role="status" className="text-sm">
        {state === "unsupported" ? t("unsupported") : null}
        {state === "denied" ? t("denied") : null}
        {state === "invalid" ? t("subscriptionInvalid") : null}
        {state === "on" ? t("enabled") : null}
      </p>
      {state === "off" || state === "invalid" ? (
        <button type="button" className={BUTTON} onClick={() => run((m) => m.enablePush(vapidPublicKey))}>
          {t("enable")}
        </button>
      ) : null}
      {state === "on" ? (
        <button type="button" className={BUTTON} onClick={() => run((m) => m.disablePush())}>
          {t("disable")}
        </button>
      ) : null}
    </div>
  );
}
