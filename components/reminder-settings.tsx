import { saveRemindersForm } from "@/app/(buyer)/reminder-actions";
import type { Translator } from "@/lib/i18n/server";
import { formatMinutes } from "@/lib/reminders/quiet";
import type { ReminderChoices } from "@/lib/reminders/remind";

const KINDS = [
  ["code_arrived", "codeArrived"],
  ["line_stopping", "lineStopping"],
  ["parcel_waiting", "parcelWaiting"],
] as const;

/**
 * Privacy page, Reminders: which kinds and the quiet hours (notifications on this device are on the
 * Account page: components/device-notifications.tsx). A plain
 * form (no script of its own): `outcome` is what the last save said, from the address.
 */
export function ReminderSettings({
  choices,
  outcome,
  t,
}: {
  choices: ReminderChoices;
  outcome: "saved" | "invalid" | null;
  t: Translator;
}) {
  return (
    <section
      aria-labelledby="reminders-heading"
      className="flex flex-col gap-4 rounded-2xl bg-white p-5 shadow-sm dark:bg-slate-900"
    >
      <div>
        <h2 id="reminders-heading" className="text-lg font-semibold">
          {t("reminders.settings.title")}
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">{t("reminders.settings.lead")}</p>
      </div>
      <form action={saveRemindersForm} className="flex flex-col gap-3" noValidate>
        <fieldset className="flex flex-col gap-2">
          <legend className="sr-only">{t("reminders.settings.title")}</legend>
          {KINDS.map(([name, label]) => (
            <label key={name} className="flex min-h-11 items-center gap-3">
              <input type="checkbox" name={name} defaultChecked={choices[name]} className="h-11 w-11 shrink-0" />
              <span>{t(`reminders.settings.${label}`)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="font-medium">{t("reminders.settings.quietTitle")}</legend>
          <p className="text-sm text-slate-700 dark:text-slate-300">{t("reminders.settings.quietHint")}</p>
          <div className="flex gap-4">
            {(["quietStart", "quietEnd"] as const).map((name) => (
              <label key={name} className="flex flex-col gap-1 text-sm">
                {t(`reminders.settings.${name}`)}
                <input
                  type="time"
                  name={name}
                  required
                  defaultValue={formatMinutes(choices[name])}
                  className="h-11 w-32 rounded-lg border border-slate-300 px-3 dark:border-slate-600 dark:bg-slate-800"
                />
              </label>
            ))}
          </div>
        </fieldset>
        {outcome ? (
          <p
            role={outcome === "saved" ? "status" : "alert"}
            className={`rounded-lg border p-3 text-sm ${outcome === "saved" ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"}`}
          >
            {outcome === "saved" ? t("reminders.settings.saved") : t("validation.timeInvalid")}
          </p>
        ) : null}
        <button
          type="submit"
          className="min-h-11 rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
        >
          {t("reminders.settings.save")}
        </button>
      </form>
    </section>
  );
}
