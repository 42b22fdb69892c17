"use client";

import { useActionState, useState } from "react";
import { useTranslations } from "use-intl";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";
import { FIELD_LIMITS } from "@/lib/limits";
import { signUpAction } from "../actions";

export function SignUpForm() {
  const t = useTranslations("auth");
  const [state, action] = useActionState(signUpAction, idle);
  // Kept in the browser (the server never echoes it), so another field's error does not empty it.
  const [password, setPassword] = useState("");
  return (
    <form action={action} className="mt-6 flex flex-col gap-4" noValidate>
      <Field
        label={t("name")}
        name="name"
        defaultValue={state.values?.name}
        autoComplete="name"
        maxLength={FIELD_LIMITS.name}
        errors={state.fieldErrors?.name}
      />
      <Field
        label={t("email")}
        name="email"
        type="email"
        defaultValue={state.values?.email}
        autoComplete="email"
        maxLength={FIELD_LIMITS.email}
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
        maxLength={FIELD_LIMITS.password}
        value={password}
        onChange={setPassword}
        hint={t("passwordHint")}
        errors={state.fieldErrors?.password}
      />
      <FormMessage state={state} byFields />
      <SubmitButton pendingLabel={t("creating")}>{t("createAccount")}</SubmitButton>
    </form>
  );
}
