import type { Metadata, Viewport } from "next";
import { AppIntlProvider } from "@/components/intl-provider";
import { clientMessagesFor } from "@/lib/i18n/client-messages";
import { TIME_ZONE } from "@/lib/i18n/config";
import { getI18n } from "@/lib/i18n/server";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t, locale } = await getI18n();
  return {
    title: { default: t("common.productName"), template: `%s · ${t("common.productName")}` },
    description: t("privacy.onLead"),
    manifest: `/manifests/${locale}`,
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "48x48" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: "/apple-touch-icon.png",
    },
    appleWebApp: { capable: true, title: t("common.appName") },
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale } = await getI18n();
  return (
    <html lang={locale}>
      <body className="min-h-dvh">
        <AppIntlProvider locale={locale} messages={clientMessagesFor(locale)} timeZone={TIME_ZONE}>
          {children}
        </AppIntlProvider>
      </body>
    </html>
  );
}
