import type { MetadataRoute } from "next";
import type { Locale } from "@/lib/i18n/config";
import { messagesFor } from "@/messages";

/** The light theme's colours: the page background and the brand blue of the icon. */
export const THEME = { background: "#f8fafc", theme: "#1d4ed8" } as const;

export function webManifest(locale: Locale): MetadataRoute.Manifest {
  const { common, offline } = messagesFor(locale);
  return {
    id: "/",
    name: common.productName,
    short_name: common.appName,
    description: offline.appDescription,
    lang: locale,
    dir: "ltr",
    start_url: "/pickup",
    scope: "/",
    display: "standalone",
    background_color: THEME.background,
    theme_color: THEME.theme,
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
}
