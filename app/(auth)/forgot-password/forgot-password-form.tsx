"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";
import { forgotPasswordAction } from "../actions";

export function ForgotPasswordForm() {
  const t = useTranslations("auth");
  const [state, action] = useActionState(forgotPasswordAction, idle);
  return (
    <form action={action} className="mt-6 flex flex-col gap-4" noValidate>
      <Field
        label={t("email")}
        name="email"
        type="email"
        defaultValue={state.values?.email}
        autoComplete="email"
        errors={state.fieldErrors?.email}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel={t("sendingLink")}>{t("sendLink")}</SubmitButton>
    </form>
  );
}
