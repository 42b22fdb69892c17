import { isLocale, type Locale, negotiateLocale, TIME_ZONE } from "@/lib/i18n/config";
import { messagesFor } from "@/messages";
import type { DbAvailability } from "./availability";

const RETRY_AFTER_S = 5;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The 503 page proxy.ts answers while the database is unreachable: rendered without React or the
 * database, so it is there when nothing else is; no script, one nonce'd style block.
 */
export function unavailableResponse({
  availability,
  cookieLocale,
  acceptLanguage,
  nonce,
  api,
}: {
  availability: Readonly<DbAvailability>;
  cookieLocale: string | undefined;
  acceptLanguage: string | null;
  nonce: string;
  api: boolean;
}): Response {
  const headers = { "Retry-After": String(RETRY_AFTER_S) };
  if (api) return Response.json({ error: "unavailable" }, { status: 503, headers });
  const locale: Locale = isLocale(cookieLocale) ? cookieLocale : negotiateLocale(acceptLanguage);
  const common = messagesFor(locale).common;
  const time = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, timeStyle: "medium" }).format(availability.since);
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_S}">
<title>${escapeHtml(common.unavailableTitle)} · ${escapeHtml(common.productName)}</title>
<style nonce="${nonce}">body{font-family:system-ui,sans-serif;margin:0;padding:4rem 1rem;text-align:center;color:#0f172a;background:#f8fafc}
main{max-width:28rem;margin:0 auto}h1{font-size:1.5rem}p{color:#475569}a{display:inline-block;margin-top:1.5rem;padding:.75rem 1rem;border-radius:.5rem;background:#0f766e;color:#fff;text-decoration:none}
@media (prefers-color-scheme:dark){body{background:#020617;color:#e2e8f0}p{color:#94a3b8}}</style></head>
<body><main><h1>${escapeHtml(common.unavailableTitle)}</h1><p>${escapeHtml(common.unavailableBody)}</p>
<p role="status">${escapeHtml(common.unavailableSince.replace("{time}", time))}</p>
<a href="">${escapeHtml(common.unavailableRetry)}</a></main></body></html>`;
  return new Response(html, { status: 503, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}
