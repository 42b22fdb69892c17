import { isDemoMode } from "@/lib/env";

/**
 * The origin links in mail point at. A Host header is the client's to write, so outside demo mode
 * only PUBLIC_BASE_URL (or AUTH_URL) is trusted; null means no mail with a link can be sent.
 */
export function publicOrigin(headers: Headers): string | null {
  const configured = process.env.PUBLIC_BASE_URL?.trim() || process.env.AUTH_URL?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      return null;
    }
  }
  if (!isDemoMode()) return null;
  const host = headers.get("host");
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(host)) return null;
  return `http://${host}`;
}
