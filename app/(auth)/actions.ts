"use server";

import { cookies } from "next/headers";
import { AuthError } from "next-auth";
import { createAccount } from "@/lib/accounts";
import type { ActionState } from "@/lib/action-state";
import { signIn, signOut } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/config";
import { getI18n, validationErrors } from "@/lib/i18n/server";
import { signInWaitMinutes, signUpWaitMinutes } from "@/lib/security/auth-limits";
import { safeNext } from "@/lib/security/safe-next";
import { signInSchema, signUpSchema } from "@/lib/validation";

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const { t } = await getI18n();
  const parsed = signInSchema.safeParse({
    identifier: formData.get("identifier"),
    password: formData.get("password"),
  });
  const values = { identifier: String(formData.get("identifier") ?? "") };
  if (!parsed.success) {
    return {
      status: "error",
      message: t("validation.checkFields"),
      fieldErrors: await validationErrors(parsed.error.issues),
      values,
    };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeNext(formData.get("next"), "/orders") });
  } catch (error) {
    if (error instanceof AuthError) {
      const wait = await signInWaitMinutes(parsed.data.identifier);
      const message = wait ? t("security.tooManyAttempts", { minutes: wait }) : t("auth.badCredentials");
      return { status: "error", message, values };
    }
    throw error;
  }
  return { status: "success" };
}

export async function signUpAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const { t } = await getI18n();
  const parsed = signUpSchema.safeParse({
    name: formData.get("name"),
    email: formData.get("email"),
    phone: formData.get("phone"),
    password: formData.get("password"),
  });
  const values = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
    phone: String(formData.get("phone") ?? ""),
  };
  if (!parsed.success) {
    return {
      status: "error",
      message: t("validation.checkFields"),
      fieldErrors: await validationErrors(parsed.error.issues),
      values,
    };
  }
  const wait = await signUpWaitMinutes(parsed.data);
  if (wait) return { status: "error", message: t("security.tooManyAttempts", { minutes: wait }), values };
  const created = await createAccount(await getDb(), parsed.data);
  if (!created.ok) {
    const message = t(created.field === "email" ? "auth.duplicateEmail" : "auth.duplicatePhone");
    return { status: "error", message, fieldErrors: { [created.field]: [message] }, values };
  }
  await signIn("credentials", {
    identifier: parsed.data.email,
    password: parsed.data.password,
    redirectTo: "/privacy",
  });
  return { status: "success" };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

/** The language switcher: remembered in a cookie for a year. */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 365 * 24 * 60 * 60,
    sameSite: "lax",
    httpOnly: true,
  });
}
