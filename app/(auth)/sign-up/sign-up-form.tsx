"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";
import { signUpAction } from "../actions";

export function SignUpForm() {
  const t = useTranslations("auth");
  const [state, action] = useActionState(signUpAction, idle);
  return (
    <form action={action} className="mt-6 flex flex-col gap-4" noValidate>
      <Field
        label={t("name")}
        name="name"
        defaultValue={state.values?.name}
        autoComplete="name"
        errors={state.fieldErrors?.name}
      />
      <Field
        label={t("email")}
        name="email"
        type="email"
        defaultValue={state.values?.email}
        autoComplete="email"
        errors={state.fieldErrors?.email}
      />
      <Field
        label={t("phone")}
        name="phone"
        type="tel"
        inputMode="tel"
        defaultValue={state.values?.phone}
        autoComplete="tel"
        hint={t("phoneHint")}
        errors={state.fieldErrors?.phone}
      />
      <Field
        label={t("password")}
        name="password"
        type="password"
        autoComplete="new-password"
        hint={t("passwordHint")}
        errors={state.fieldErrors?.password}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel={t("creating")}>{t("createAccount")}</SubmitButton>
    </form>
  );
}
