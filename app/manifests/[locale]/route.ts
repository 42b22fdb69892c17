import { isLocale } from "@/lib/i18n/config";
import { webManifest } from "@/lib/pwa/manifest";

/** `/manifests/en`, `/manifests/zh-CN`: the web app manifest in each language (the layout links the viewer's). */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) return new Response("Unknown language", { status: 404 });
  return new Response(JSON.stringify(webManifest(locale)), {
    headers: { "Content-Type": "application/manifest+json; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
