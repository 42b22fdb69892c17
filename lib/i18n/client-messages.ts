import type { Locale } from "@/lib/i18n/config";
import { type Messages, messagesFor } from "@/messages";

/**
 * The catalogue namespaces Client Components read (`useTranslations(...)` in a "use client" file). Only
 * these go to the browser: the whole catalogue was serialised into every page's RSC payload, about half
 * of it (mail, validation, orders, contacts, …) only ever read on the server. `lib/i18n/client-messages.test.ts`
 * fails when a client file reads a namespace missing here.
 */
export const CLIENT_NAMESPACES = [
  "account",
  "auth",
  "common",
  "counter",
  "line",
  "operator",
  "pickup",
  "privacy",
  "reminders",
] as const satisfies readonly (keyof Messages)[];

export type ClientMessages = Pick<Messages, (typeof CLIENT_NAMESPACES)[number]>;

const picked = new Map<Locale, ClientMessages>();

/** The part of a locale's catalogue Client Components need (picked once per locale). */
export function clientMessagesFor(locale: Locale): ClientMessages {
  let messages = picked.get(locale);
  if (!messages) {
    const all = messagesFor(locale);
    messages = Object.fromEntries(CLIENT_NAMESPACES.map((name) => [name, all[name]])) as ClientMessages;
    picked.set(locale, messages);
  }
  return messages;
}
