import { isLocale, type Locale, negotiateLocale, TIME_ZONE } from "@/lib/i18n/config";
import { messagesFor } from "@/messages";
import type { DbAvailability } from "./availability";

const RETRY_AFTER_S = 5;

/** Set by proxy.ts on every request it passes on: the path and query a page was asked for. */
export const REQUEST_PATH_HEADER = "x-onp-path";
/** Where a page whose render lost the database is sent (app/unavailable/route.ts): the same 503 page. */
export const UNAVAILABLE_PATH = "/unavailable";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The operator console's outage page also says what the monitor knows: since when, its last check and error class. */
export function isOperatorPath(path: string): boolean {
  return path === "/operator" || path.startsWith("/operator/") || path.startsWith("/operator?");
}

/**
 * The 503 page proxy.ts answers while the database is unreachable (and app/unavailable/route.ts after a
 * render lost it): rendered without React or the database, so it is there when nothing else is; no
 * script, one nonce'd style block. It reloads `retryHref` (default: this URL) every few seconds.
 */
export function unavailableResponse({
  availability,
  cookieLocale,
  acceptLanguage,
  nonce,
  api,
  retryHref = "",
  operator = false,
}: {
  availability: Readonly<DbAvailability>;
  cookieLocale: string | undefined;
  acceptLanguage: string | null;
  nonce: string;
  api: boolean;
  /** A same-site path (already checked by safeNext), or "" for this page. */
  retryHref?: string;
  operator?: boolean;
}): Response {
  const headers = { "Retry-After": String(RETRY_AFTER_S) };
  if (api) return Response.json({ error: "unavailable" }, { status: 503, headers });
  const locale: Locale = isLocale(cookieLocale) ? cookieLocale : negotiateLocale(acceptLanguage);
  const common = messagesFor(locale).common;
  const clock = (at: number) =>
    new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, timeStyle: "medium" }).format(at);
  // A render that failed while the monitor already saw the server back: no "since" to tell.
  const since = availability.up
    ? ""
    : `<p role="status">${escapeHtml(common.unavailableSince.replace("{time}", clock(availability.since)))}</p>`;
  const state = operator
    ? `<dl><dt>${escapeHtml(common.unavailableState)}</dt><dd data-db-state="${availability.up ? "up" : "down"}">${escapeHtml(
        availability.up ? common.unavailableStateUp : common.unavailableStateDown,
      )}</dd><dt>${escapeHtml(common.unavailableLastCheck)}</dt><dd>${
        availability.probedAt === null ? "–" : escapeHtml(clock(availability.probedAt))
      }</dd><dt>${escapeHtml(common.unavailableLastError)}</dt><dd><code data-db-error>${escapeHtml(
        availability.lastError ?? "–",
      )}</code></dd></dl>`
    : "";
  const refresh = retryHref ? `${RETRY_AFTER_S};url=${retryHref}` : String(RETRY_AFTER_S);
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${escapeHtml(refresh)}">
<title>${escapeHtml(common.unavailableTitle)} · ${escapeHtml(common.productName)}</title>
<style nonce="${escapeHtml(nonce)}">body{font-family:system-ui,sans-serif;margin:0;padding:4rem 1rem;text-align:center;color:#0f172a;background:#f8fafc}
main{max-width:28rem;margin:0 auto}h1{font-size:1.5rem}p{color:#475569}a{display:inline-block;margin-top:1.5rem;padding:.75rem 1rem;border-radius:.5rem;background:#0f766e;color:#fff;text-decoration:none}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;text-align:left;margin:1.5rem auto 0;max-width:22rem}dt{color:#475569}dd{margin:0}
@media (prefers-color-scheme:dark){body{background:#020617;color:#e2e8f0}p,dt{color:#94a3b8}}</style></head>
<body><main><h1>${escapeHtml(common.unavailableTitle)}</h1><p>${escapeHtml(common.unavailableBody)}</p>
${since}${state}
<a href="${escapeHtml(retryHref)}">${escapeHtml(common.unavailableRetry)}</a></main></body></html>`;
  return new Response(html, { status: 503, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}
