/**
 * What the service worker keeps for offline use, shared by the worker (lib/pwa/sw.ts) and the page
 * side (the pages). Only these pages are kept, and only the last copy a buyer saw:
 * they render masked numbers only (the last four), never the full real number.
 */
export const KEPT_PAGES = ["/pickup"] as const;

/** One cache per buyer, named by an opaque key (lib/pwa/offline-key.ts); at most one exists at a time. */
export const BUYER_CACHE_PREFIX = "offline-buyer-";

/** A kept page older than this is not shown: the offline page is, instead. */
export const KEPT_FOR_MS = 7 * 24 * 60 * 60 * 1000;

export const KEPT_AT_HEADER = "x-offline-kept-at";

export const OFFLINE_PAGE = "/offline";

export const OFFLINE_KEY_PATTERN = /^[0-9a-f]{32}$/;

export function isKeptPage(pathname: string): boolean {
  return (KEPT_PAGES as readonly string[]).includes(pathname);
}
