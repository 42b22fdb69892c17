"use client";

import { IntlProvider } from "use-intl";
import type { Locale } from "@/lib/i18n/config";
import type { Messages } from "@/messages";

export function AppIntlProvider({
  locale,
  messages,
  timeZone,
  children,
}: {
  locale: Locale;
  messages: Messages;
  timeZone: string;
  children: React.ReactNode;
}) {
  return (
    <IntlProvider locale={locale} messages={messages} timeZone={timeZone}>
      {children}
    </IntlProvider>
  );
}
