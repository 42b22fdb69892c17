import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { createTranslator } from "use-intl/core";
import { toFieldErrors } from "@/lib/action-state";
import { messagesFor } from "@/messages";
import { isLocale, LOCALE_COOKIE, type Locale, negotiateLocale, TIME_ZONE } from "./config";

/** The viewer's language: the cookie set by the switcher, else the browser's Accept-Language. */
export const getLocale = cache(async (): Promise<Locale> => {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return negotiateLocale((await headers()).get("accept-language"));
});

export const getI18n = cache(async () => {
  const locale = await getLocale();
  const messages = messagesFor(locale);
  const t = createTranslator({ locale, messages, timeZone: TIME_ZONE });
  return { locale, messages, t };
});

/** zod issues of a form, translated and keyed by field. */
export async function validationErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const { t, messages } = await getI18n();
  return toFieldErrors(issues, (key) => t(`validation.${key}` as "validation.invalid"), messages.validation);
}

export type Translator = Awaited<ReturnType<typeof getI18n>>["t"];
