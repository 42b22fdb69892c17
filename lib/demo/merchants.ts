import "server-only";
import type { Db } from "@/lib/db";
import { merchants } from "@/lib/db/schema";

type MerchantOption = { id: number; names: typeof merchants.$inferSelect.names };

/** How long the tester's merchant list is kept: merchants come from the seed, nothing in the app edits them. */
export const MERCHANT_OPTIONS_TTL_MS = 60_000;

const g = globalThis as unknown as { __onpMerchantOptions?: { at: number; rows: Promise<MerchantOption[]> } };

/**
 * The merchants of the demo's "place a test order" form, read at most once a minute per process instead
 * of on every /orders request (on the embedded database each query costs about a bare request).
 */
export function merchantOptions(db: Db, now = Date.now()): Promise<MerchantOption[]> {
  const kept = g.__onpMerchantOptions;
  if (kept && now - kept.at < MERCHANT_OPTIONS_TTL_MS) return kept.rows;
  const rows = db.select({ id: merchants.id, names: merchants.names }).from(merchants).orderBy(merchants.id);
  const entry = { at: now, rows: Promise.resolve(rows) };
  // A failed read is not kept: the next request asks again.
  entry.rows.catch(() => {
    if (g.__onpMerchantOptions === entry) g.__onpMerchantOptions = undefined;
  });
  g.__onpMerchantOptions = entry;
  return entry.rows;
}
