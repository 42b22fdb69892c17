import { type NextRequest, NextResponse } from "next/server";
import { dbAvailability } from "@/lib/db/availability";
import { isOperatorPath, REQUEST_PATH_HEADER, UNAVAILABLE_PATH, unavailableResponse } from "@/lib/db/unavailable-page";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { refuseBadActionPost } from "@/lib/security/action-guard";
import { baseSecurityHeaders, contentSecurityPolicy, createNonce, isHttps } from "@/lib/security/headers";

const PUBLIC_PREFIXES = [
  "/sign-in",
  "/sign-up",
  "/forgot-password",
  "/reset-password",
  "/dev/outbox",
  "/api/auth",
  "/api/health",
  UNAVAILABLE_PATH,
  // The web app manifest (fetched without cookies) and the offline page the service worker keeps.
  "/manifests",
  "/offline",
];
// Health and the outage page answer for themselves while the database is down (the relay, which fails
// closed, never comes here).
const OWN_OUTAGE_ANSWER = ["/api/health", UNAVAILABLE_PATH];

/**
 * Every response gets the security headers, a CSP with a fresh nonce, and `Cache-Control: no-store`
 * (pages show personal data; nothing may be kept by a shared or back-button cache). Visitors with no
 * session cookie at all are redirected early; every page and action still checks the session itself.
 */
export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const https = isHttps(request.nextUrl, request.headers);
  const csp = contentSecurityPolicy({ nonce, https, dev: process.env.NODE_ENV === "development" });
  const refused = await refuseBadActionPost(request);
  const response = refused ? new NextResponse(refused.body, refused) : route(request, { nonce, csp });
  for (const [name, value] of Object.entries(baseSecurityHeaders({ https }))) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

function route(request: NextRequest, { nonce, csp }: { nonce: string; csp: string }): Response {
  const forward = () => {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
    // A render that loses the database sends the visitor to the outage page, which links back here.
    headers.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
    return NextResponse.next({ request: { headers } });
  };
  const { pathname, search } = request.nextUrl;
  const availability = dbAvailability();
  if (!availability.up && !OWN_OUTAGE_ANSWER.some((prefix) => pathname.startsWith(prefix))) {
    return unavailableResponse({
      availability,
      cookieLocale: request.cookies.get(LOCALE_COOKIE)?.value,
      acceptLanguage: request.headers.get("accept-language"),
      nonce,
      api: pathname.startsWith("/api/"),
      operator: isOperatorPath(pathname),
    });
  }
  if (PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return forward();
  const hasSessionCookie = request.cookies
    .getAll()
    .some(({ name }) => name.startsWith("authjs.session-token") || name.startsWith("__Secure-authjs.session-token"));
  if (hasSessionCookie) return forward();
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
  const target = new URL("/sign-in", request.url);
  if (pathname !== "/") target.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(target);
}

// Not the relay: Next buffers a request's whole body for the proxy before the route runs, which would
// undo the relay's own 16 KB cap and body deadline. The relay sets the same headers itself.
export const config = {
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|icon.svg|icon-192.png|icon-512.png|icon-maskable-512.png|apple-touch-icon.png|sw.js|robots.txt|api/relay/).*)",
  ],
};
