"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";
import {
  addHostAction,
  addRolloutAccountAction,
  removeRolloutAccountAction,
  setRolloutPercentageAction,
} from "../actions";

export function PercentageForm({ percentage }: { percentage: number }) {
  const t = useTranslations("operator.rollout");
  const [state, action] = useActionState(setRolloutPercentageAction, idle);
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <Field
        label={t("percentageLabel")}
        name="percentage"
        type="number"
        inputMode="numeric"
        defaultValue={String(percentage)}
        hint={t("percentageHint")}
        errors={state.fieldErrors?.percentage}
      />
      <FormMessage state={state} byFields />
      <SubmitButton className="self-start">{t("save")}</SubmitButton>
    </form>
  );
}

export function AddToListForm() {
  const t = useTranslations("operator");
  const [state, action] = useActionState(addRolloutAccountAction, idle);
  const listErrors = state.fieldErrors?.list;
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <Field
        label={t("rollout.email")}
        name="email"
        type="email"
        autoComplete="off"
        defaultValue={state.status === "error" ? state.values?.email : undefined}
        errors={state.fieldErrors?.email}
      />
      <fieldset className="flex flex-col gap-1.5" aria-describedby={listErrors ? "list-error" : undefined}>
        <legend className="text-sm font-medium">{t("rollout.list")}</legend>
        <div className="flex flex-wrap gap-4">
          {(["allow", "hold_out"] as const).map((list) => (
            <label key={list} className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="list" value={list} defaultChecked={list === "allow"} className="size-5" />
              {list === "allow" ? t("rollout.allowTitle") : t("rollout.holdOutTitle")}
            </label>
          ))}
        </div>
        {listErrors ? (
          <p id="list-error" className="text-sm text-red-700 dark:text-red-400">
            {listErrors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <FormMessage state={state} />
      <SubmitButton className="self-start">{t("rollout.add")}</SubmitButton>
    </form>
  );
}

export function AddHostForm() {
  const t = useTranslations("operator.hosts");
  const [state, action] = useActionState(addHostAction, idle);
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <Field
        label={t("number")}
        name="number"
        type="tel"
        inputMode="tel"
        autoComplete="off"
        defaultValue={state.status === "error" ? state.values?.number : undefined}
        hint={t("numberHint")}
        errors={state.fieldErrors?.number}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="extensionWidth" className="text-sm font-medium">
          {t("width")}
        </label>
        <select
          id="extensionWidth"
          name="extensionWidth"
          defaultValue="4"
          aria-describedby="extensionWidth-hint"
          className="min-h-11 self-start rounded-lg border border-slate-300 bg-white px-3 dark:border-slate-600 dark:bg-slate-900"
        >
          {[4, 3, 2, 1].map((digits) => (
            <option key={digits} value={digits}>
              {t("widthOption", { digits, lines: 10 ** digits })}
            </option>
          ))}
        </select>
        <p id="extensionWidth-hint" className="text-sm text-slate-600 dark:text-slate-400">
          {t("widthHint")}
        </p>
      </div>
      <FormMessage state={state} />
      <SubmitButton className="self-start" pendingLabel={t("adding")}>
        {t("add")}
      </SubmitButton>
    </form>
  );
}

export function RemoveFromListForm({ email, label }: { email: string; label: string }) {
  const t = useTranslations("operator.rollout");
  const [state, action] = useActionState(removeRolloutAccountAction, idle);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="email" value={email} />
      <SubmitButton variant="secondary">
        <span aria-hidden="true">{t("remove")}</span>
        <span className="sr-only">{label}</span>
      </SubmitButton>
      {state.status === "error" ? <FormMessage state={state} /> : null}
    </form>
  );
}
