"use client";

import { useActionState } from "react";
import { useTranslations } from "use-intl";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";
import { deleteAccountAction } from "./actions";

export function DeleteAccountForm() {
  const t = useTranslations("account");
  const [state, action] = useActionState(deleteAccountAction, idle);
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <Field
        label={t("deletePasswordLabel")}
        name="password"
        type="password"
        autoComplete="current-password"
        errors={state.fieldErrors?.password}
      />
      <FormMessage state={state} byFields />
      <SubmitButton variant="danger" pendingLabel={t("deleting")}>
        {t("deleteButton")}
      </SubmitButton>
    </form>
  );
}
