import "server-only";
import { createHmac } from "node:crypto";
import { secrets } from "@/lib/env";

/**
 * The name of a buyer's offline cache on a device: opaque (an HMAC of the account id under AUTH_SECRET),
 * so that the cache names in a browser profile tell nothing about whose they are.
 */
export function offlineKey(buyerId: string): string {
  return createHmac("sha256", secrets().AUTH_SECRET).update(`offline:${buyerId}`).digest("hex").slice(0, 32);
}
