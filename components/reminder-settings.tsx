"use client";

import { useActionState, useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { subscribePushAction, unsubscribePushAction } from "@/app/(buyer)/reminder-actions";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { type ActionState, idle } from "@/lib/action-state";
import { formatMinutes } from "@/lib/reminders/quiet";
import type { ReminderChoices } from "@/lib/reminders/remind";

type Device = "unknown" | "unsupported" | "denied" | "off" | "on";

const KINDS = [
  ["code_arrived", "codeArrived"],
  ["line_stopping", "lineStopping"],
  ["parcel_waiting", "parcelWaiting"],
] as const;

/** Notifications on this device: the browser's permission, then a push subscription saved for this buyer. */
function DeviceNotifications({ vapidPublicKey }: { vapidPublicKey: string }) {
  const t = useTranslations("reminders.settings");
  const [device, setDevice] = useState<Device>("unknown");
  const [message, setMessage] = useState<ActionState>(idle);

  useEffect(() => {
    (async () => {
      if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
        setDevice("unsupported");
        return;
      }
      if (Notification.permission === "denied") return setDevice("denied");
      const registration = await navigator.serviceWorker.getRegistration();
      setDevice((await registration?.pushManager.getSubscription()) ? "on" : "off");
    })().catch(() => setDevice("unsupported"));
  }, []);

  async function enable() {
    if ((await Notification.requestPermission()) !== "granted") return setDevice("denied");
    try {
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: vapidPublicKey,
      });
      const form = new FormData();
      form.set("subscription", JSON.stringify(subscription.toJSON()));
      const result = await subscribePushAction(idle, form);
      setMessage(result.status === "error" ? { status: "error", message: t("subscriptionInvalid") } : result);
      setDevice(result.status === "success" ? "on" : "off");
    } catch {
      setMessage({ status: "error", message: t("unsupported") });
    }
  }

  async function disable() {
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    if (subscription) {
      const form = new FormData();
      form.set("endpoint", subscription.endpoint);
      await unsubscribePushAction(idle, form);
      await subscription.unsubscribe();
    }
    setDevice("off");
    setMessage(idle);
  }

  const button =
    "inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-4 font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";
  return (
    <div className="flex flex-col gap-2" data-testid="device-notifications" data-state={device}>
      {device === "unsupported" ? <p className="text-sm">{t("unsupported")}</p> : null}
      {device === "denied" ? <p className="text-sm">{t("denied")}</p> : null}
      {device === "off" ? (
        <button type="button" className={button} onClick={enable}>
          {t("enable")}
        </button>
      ) : null}
      {device === "on" ? (
        <>
          <p className="text-sm">{t("enabled")}</p>
          <button type="button" className={button} onClick={disable}>
            {t("disable")}
          </button>
        </>
      ) : null}
      <FormMessage state={message} />
    </div>
  );
}

/** Privacy page, Reminders: which kinds, the quiet hours, and notifications on this device. */
export function ReminderSettings({
  choices,
  vapidPublicKey,
  action,
}: {
  choices: ReminderChoices;
  vapidPublicKey: string;
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const t = useTranslations("reminders.settings");
  const [state, formAction] = useActionState(action, idle);
  return (
    <section
      aria-labelledby="reminders-heading"
      className="flex flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm dark:bg-slate-900"
    >
      <div>
        <h2 id="reminders-heading" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">{t("lead")}</p>
      </div>
      <form action={formAction} className="flex flex-col gap-3" noValidate>
        <fieldset className="flex flex-col gap-2">
          <legend className="sr-only">{t("title")}</legend>
          {KINDS.map(([name, label]) => (
            <label key={name} className="flex min-h-11 items-center gap-3">
              <input type="checkbox" name={name} defaultChecked={choices[name]} className="h-5 w-5" />
              <span>{t(label)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="font-medium">{t("quietTitle")}</legend>
          <p className="text-sm text-slate-700 dark:text-slate-300">{t("quietHint")}</p>
          <div className="flex gap-4">
            {(["quietStart", "quietEnd"] as const).map((name) => (
              <label key={name} className="flex flex-col gap-1 text-sm">
                {t(name)}
                <input
                  type="time"
                  name={name}
                  defaultValue={formatMinutes(choices[name])}
                  aria-invalid={state.fieldErrors?.[name] ? true : undefined}
                  aria-describedby={state.fieldErrors?.[name] ? `${name}-error` : undefined}
                  className="min-h-11 rounded-lg border border-slate-300 px-3 dark:border-slate-600 dark:bg-slate-800"
                />
                {state.fieldErrors?.[name] ? (
                  <span id={`${name}-error`} className="text-red-700 dark:text-red-300">
                    {state.fieldErrors[name][0]}
                  </span>
                ) : null}
              </label>
            ))}
          </div>
        </fieldset>
        <FormMessage state={state} />
        <SubmitButton>{t("save")}</SubmitButton>
      </form>
      <DeviceNotifications vapidPublicKey={vapidPublicKey} />
    </section>
  );
}
