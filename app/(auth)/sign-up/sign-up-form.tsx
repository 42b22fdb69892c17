"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";
import { signUpAction } from "../actions";

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, idle);
  return (
    <form action={action} className="mt-6 flex flex-col gap-4" noValidate key={JSON.stringify(state.values ?? {})}>
      <Field
        label="Name"
        name="name"
        defaultValue={state.values?.name}
        autoComplete="name"
        errors={state.fieldErrors?.name}
      />
      <Field
        label="Email"
        name="email"
        defaultValue={state.values?.email}
        type="email"
        autoComplete="email"
        errors={state.fieldErrors?.email}
      />
      <Field
        label="Mobile number"
        name="phone"
        defaultValue={state.values?.phone}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        hint="Mainland China mobile, 11 digits. +86, spaces and dashes are fine."
        errors={state.fieldErrors?.phone}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters."
        errors={state.fieldErrors?.password}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Creating your account…">Create account</SubmitButton>
    </form>
  );
}
