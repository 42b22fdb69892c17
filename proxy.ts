import { type NextRequest, NextResponse } from "next/server";

const PUBLIC_PREFIXES = ["/sign-in", "/sign-up", "/api/auth", "/api/health", "/api/relay"];

/** An early redirect for visitors with no session cookie at all. Every page and action still checks the session itself. */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) {
    return NextResponse.next();
  }
  const hasSessionCookie = request.cookies
    .getAll()
    .some(({ name }) => name.startsWith("authjs.session-token") || name.startsWith("__Secure-authjs.session-token"));
  if (hasSessionCookie) return NextResponse.next();
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
  const target = new URL("/sign-in", request.url);
  if (pathname !== "/") target.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(target);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
