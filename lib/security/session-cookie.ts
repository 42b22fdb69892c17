import "server-only";
import { decode } from "next-auth/jwt";
import { secrets } from "@/lib/env";

/** The names Auth.js gives its session cookie: `__Secure-` over HTTPS; a big token is split into `.0`, `.1`, … */
const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

type CookieReader = { getAll(): { name: string; value: string }[] };

/** The session cookie's value, its chunks joined in order as Auth.js's own SessionStore does. */
function sessionCookie(jar: CookieReader): { name: string; value: string } | null {
  const all = jar.getAll();
  for (const name of COOKIE_NAMES) {
    const whole = all.find((cookie) => cookie.name === name);
    if (whole) return { name, value: whole.value };
    const chunks = all
      .filter((cookie) => cookie.name.startsWith(`${name}.`))
      .map((cookie) => ({ index: Number(cookie.name.slice(name.length + 1)), value: cookie.value }))
      .filter((chunk) => Number.isInteger(chunk.index) && chunk.index >= 0)
      .sort((a, b) => a.index - b.index);
    if (chunks.length > 0) return { name, value: chunks.map((chunk) => chunk.value).join("") };
  }
  return null;
}

/**
 * The claims of the Auth.js session cookie (user id and session row id), decrypted with Auth.js's own
 * `decode` (same secret, the cookie name as salt, `exp` checked); null when there is none or it does not
 * decrypt. This is what `auth()` does first, without building an internal request, running the callbacks
 * and encrypting a fresh cookie that a Server Component cannot send anyway. Whether the session row is
 * still live is the caller's query (`getViewer` in lib/dal.ts).
 */
export async function readSessionClaims(jar: CookieReader): Promise<{ userId: string; sid: string } | null> {
  const cookie = sessionCookie(jar);
  if (!cookie) return null;
  try {
    const payload = await decode({ token: cookie.value, secret: secrets().AUTH_SECRET, salt: cookie.name });
    if (typeof payload?.sub !== "string" || typeof payload.sid !== "string") return null;
    return { userId: payload.sub, sid: payload.sid };
  } catch {
    return null; // tampered, expired, or sealed under another secret: anonymous, as auth() would answer
  }
}
