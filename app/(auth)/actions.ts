"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { z } from "zod";
import { accountsMatching, createAccount, hashPassword } from "@/lib/accounts";
import type { ActionState } from "@/lib/action-state";
import { signIn, signOut } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/config";
import { getI18n, validationErrors } from "@/lib/i18n/server";
import { sendMailQuietly } from "@/lib/mail/send";
import { resetWaitMinutes, signInWaitMinutes, signUpWaitMinutes } from "@/lib/security/auth-limits";
import { requestPasswordReset, resetPassword } from "@/lib/security/password-reset";
import { publicOrigin } from "@/lib/security/public-origin";
import { safeNext } from "@/lib/security/safe-next";
import { passwordSchema, signInSchema, signUpSchema } from "@/lib/validation";

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const { t } = await getI18n();
  const parsed = signInSchema.safeParse({
    identifier: formData.get("identifier"),
    password: formData.get("password"),
  });
  const typed = String(formData.get("identifier") ?? "");
  // An identifier with control characters is refused, and not shown back: it may be a full number.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
  const values = { identifier: /[\u0000-\u001f\u007f]/.test(typed) ? "" : typed };
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
  const db = await getDb();
  const created = await createAccount(db, parsed.data);
  // The same answer whether the email or number was taken or not: anything else is a number lookup.
  // The owner of what was taken hears of it by mail instead.
  if (!created.ok) {
    await hashPassword(parsed.data.password); // as long as creating one takes
    const origin = publicOrigin(await headers());
    for (const owner of await accountsMatching(db, parsed.data)) {
      if (!origin) break;
      const what = t(owner.matched === "email" ? "mail.whatEmail" : "mail.whatPhone");
      void sendMailQuietly(db, {
        to: owner.email,
        subject: t("mail.signUpAttemptSubject"),
        text: t("mail.signUpAttemptBody", {
          what,
          signIn: `${origin}/sign-in`,
          forgot: `${origin}/forgot-password`,
        }),
      });
    }
  }
  redirect("/sign-in?signedUp=1&next=%2Fprivacy");
}

const forgotSchema = z.object({ email: signUpSchema.shape.email });

export async function forgotPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const { t } = await getI18n();
  const parsed = forgotSchema.safeParse({ email: formData.get("email") });
  const values = { email: String(formData.get("email") ?? "") };
  if (!parsed.success) {
    return {
      status: "error",
      message: t("validation.checkFields"),
      fieldErrors: await validationErrors(parsed.error.issues),
      values,
    };
  }
  const { email } = parsed.data;
  const wait = await resetWaitMinutes(email);
  if (wait) return { status: "error", message: t("security.tooManyAttempts", { minutes: wait }), values };
  const origin = publicOrigin(await headers());
  if (origin) {
    await requestPasswordReset(await getDb(), {
      email,
      baseUrl: origin,
      now: new Date(),
      mailText: (link) => ({ subject: t("mail.resetSubject"), text: t("mail.resetBody", { link }) }),
    });
  } else {
    console.warn("[mail] PUBLIC_BASE_URL is not set: no password-reset link was sent");
  }
  return { status: "success", message: t("auth.linkSent", { email }), values };
}

const resetSchema = z.object({
  token: z.string({ error: "invalid" }).regex(/^[A-Za-z0-9_-]{43}$/, "invalid"),
  password: passwordSchema,
});

export async function resetPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const { t } = await getI18n();
  const parsed = resetSchema.safeParse({ token: formData.get("token"), password: formData.get("password") });
  if (!parsed.success) {
    const fieldErrors = await validationErrors(parsed.error.issues);
    if (fieldErrors.token) return { status: "error", message: t("auth.resetInvalid") };
    return { status: "error", message: t("validation.checkFields"), fieldErrors };
  }
  const result = await resetPassword(await getDb(), { ...parsed.data, now: new Date() });
  if (!result.ok) return { status: "error", message: t("auth.resetInvalid") };
  redirect("/sign-in?reset=1");
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
