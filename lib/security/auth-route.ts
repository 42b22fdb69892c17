import "server-only";
import { getDb } from "@/lib/db";
import { clientIp, minutesUntil, peekAttempt, signInBuckets } from "./rate-limit";

type Handler<R extends Request> = (request: R) => Promise<Response>;

/**
 * Auth.js's own credentials endpoint (POST /api/auth/callback/credentials) answers 429 while the
 * account or the address is over its sign-in limit. `authorize` counts the attempts and refuses too;
 * this only makes the refusal a proper 429 for callers that post to the endpoint directly.
 */
export function withSignInLimit<R extends Request>(handler: Handler<R>): Handler<R> {
  return async (request) => {
    const path = new URL(request.url).pathname;
    if (request.method !== "POST" || !path.endsWith("/callback/credentials")) return handler(request);
    let identifier = "";
    try {
      const form = await request.clone().formData();
      identifier = String(form.get("identifier") ?? "").slice(0, 254);
    } catch {
      // Not a form: Auth.js refuses it itself.
    }
    const db = await getDb();
    const buckets = await signInBuckets(db, { identifier, ip: clientIp(request.headers) });
    const gate = await peekAttempt(db, { buckets, now: new Date() });
    if (gate.ok) return handler(request);
    const minutes = minutesUntil(gate);
    return Response.json(
      {
        error: "too_many_attempts",
        message: `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        retryAfter: gate.retryAfterS,
      },
      { status: 429, headers: { "retry-after": String(gate.retryAfterS), "cache-control": "no-store" } },
    );
  };
}
