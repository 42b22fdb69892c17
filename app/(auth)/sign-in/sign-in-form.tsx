"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";
import { signInAction } from "../actions";

export function SignInForm({ next }: { next: string }) {
  const t = useTranslations("auth");
  const [state, action] = useActionState(signInAction, idle);
  return (
    <form action={action} className="mt-6 flex flex-col gap-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <Field
        label={t("identifier")}
        name="identifier"
        defaultValue={state.values?.identifier}
        autoComplete="username"
        errors={state.fieldErrors?.identifier}
      />
      <Field
        label={t("password")}
        name="password"
        type="password"
        autoComplete="current-password"
        errors={state.fieldErrors?.password}
      />
      <FormMessage state={state} byFields />
      <SubmitButton pendingLabel={t("signingIn")}>{t("signIn")}</SubmitButton>
    </form>
  );
}
