"use client";

import { IntlProvider } from "use-intl";
import type { ClientMessages } from "@/lib/i18n/client-messages";
import type { Locale } from "@/lib/i18n/config";

export function AppIntlProvider({
  locale,
  messages,
  timeZone,
  children,
}: {
  locale: Locale;
  messages: ClientMessages;
  timeZone: string;
  children: React.ReactNode;
}) {
  return (
    <IntlProvider locale={locale} messages={messages} timeZone={timeZone}>
      {children}
    </IntlProvider>
  );
}
