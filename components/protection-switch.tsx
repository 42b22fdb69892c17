"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import { notifyAction, turnOffAction, turnOnAction } from "@/app/(buyer)/actions";
import { ActionDialog } from "@/components/action-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";

export function SwitchLook({ on }: { on: boolean }) {
  return (
    <span
      aria-hidden="true"
      className={`relative inline-block h-7 w-12 shrink-0 rounded-full transition-colors ${on ? "bg-brand-700" : "bg-slate-500 dark:bg-slate-600"}`}
    >
      <span
        className={`absolute left-0 top-1 h-5 w-5 rounded-full bg-white shadow transition-transform ${on ? "translate-x-6" : "translate-x-1"}`}
      />
    </span>
  );
}

export function ProtectionSwitch({
  enabled,
  eligible,
  liveLines,
  notifyRequested,
  lifetimeDays,
}: {
  enabled: boolean;
  eligible: boolean;
  liveLines: number;
  notifyRequested: boolean;
  lifetimeDays: number;
}) {
  const t = useTranslations("privacy");
  const [notifyState, notify] = useActionState(notifyAction, idle);
  if (!eligible && !enabled) {
    return (
      <div className="flex flex-col gap-3">
        <button
          type="button"
          role="switch"
          aria-checked="false"
          disabled
          aria-describedby="not-available"
          className="inline-flex min-h-11 items-center gap-3 self-start opacity-70"
        >
          <SwitchLook on={false} />
          <span className="font-medium">{t("switchOff")}</span>
        </button>
        <p
          id="not-available"
          className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
        >
          {t("notAvailable")}
        </p>
        {notifyRequested || notifyState.status === "success" ? (
          <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
            {notifyState.message ?? t("notifyDone")}
          </p>
        ) : (
          <form action={notify} className="flex flex-col gap-2">
            <SubmitButton variant="secondary" className="self-start">
              {t("notify")}
            </SubmitButton>
            <FormMessage state={notifyState} />
          </form>
        )}
      </div>
    );
  }
  if (!enabled) {
    return (
      <ActionDialog
        title={t("onTitle")}
        trigger={
          <span className="inline-flex items-center gap-3">
            <SwitchLook on={false} />
            <span>{t("switchOff")}</span>
          </span>
        }
        triggerClassName="-ml-4"
        switchChecked={false}
        action={turnOnAction}
        confirmLabel={t("turnOn")}
      >
        <p>{t("onLead")}</p>
        <ul className="list-disc pl-5">
          <li>{t("onPoint1")}</li>
          <li>{t("onPoint2")}</li>
          <li>{t("onPoint3", { days: lifetimeDays })}</li>
          <li>{t("onPoint4")}</li>
        </ul>
      </ActionDialog>
    );
  }
  return (
    <ActionDialog
      title={t("offTitle")}
      trigger={
        <span className="inline-flex items-center gap-3">
          <SwitchLook on />
          <span>{t("switchOn")}</span>
        </span>
      }
      triggerClassName="-ml-4"
      switchChecked
      action={turnOffAction}
      extraButtons={
        <>
          <SubmitButton variant="secondary" name="mode" value="keep">
            {t("offKeepLabel")}
          </SubmitButton>
          <SubmitButton variant="danger" name="mode" value="end">
            {t("offEndLabel")}
          </SubmitButton>
        </>
      }
    >
      <p>{t("offLead")}</p>
      <p>{t("offLines", { count: liveLines })}</p>
      <ul className="list-disc pl-5">
        <li>
          <strong>{t("offKeepLabel")}</strong>: {t("offKeepText")}
        </li>
        <li>
          <strong>{t("offEndLabel")}</strong>: {t("offEndText")}
        </li>
      </ul>
    </ActionDialog>
  );
}
