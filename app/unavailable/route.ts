import { NextRequest } from "next/server";
import { dbAvailability } from "@/lib/db/availability";
import { isOperatorPath, unavailableResponse } from "@/lib/db/unavailable-page";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { safeNext } from "@/lib/security/safe-next";

export const dynamic = "force-dynamic";

/** Where a page whose render lost the database lands: the outage page, 503, linking back to that page. */
export function GET(raw: Request) {
  const request = raw instanceof NextRequest ? raw : new NextRequest(raw);
  const next = safeNext(request.nextUrl.searchParams.get("next"), "/");
  return unavailableResponse({
    availability: dbAvailability(),
    cookieLocale: request.cookies.get(LOCALE_COOKIE)?.value,
    acceptLanguage: request.headers.get("accept-language"),
    nonce: request.headers.get("x-nonce") ?? "",
    api: false,
    retryHref: next,
    operator: isOperatorPath(next),
  });
}
