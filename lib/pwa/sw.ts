/// <reference lib="webworker" />
/**
 * The service worker, bundled by `serwist build` (serwist.config.js) into public/sw.js after `next build`.
 * Serwist precaches the build's static files and the offline page; this file adds what is ours:
 * Pickup kept per buyer for offline use, the offline page for every other page, and reminders by push.
 */
import type { PrecacheEntry, RouteHandlerCallbackOptions, SerwistGlobalConfig } from "serwist";
import { Serwist } from "serwist";
import type { PushReminder } from "@/lib/reminders/push";
import { BUYER_CACHE_PREFIX, isKeptPage, KEPT_AT_HEADER, KEPT_FOR_MS, OFFLINE_KEY_PATTERN, OFFLINE_PAGE } from "./kept";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

const SIGNED_OUT_PAGES = ["/sign-in", "/sign-up", "/forgot-password", "/reset-password"];

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    {
      matcher: ({ request, url }) =>
        request.mode === "navigate" && url.origin === self.location.origin && isKeptPage(url.pathname),
      handler: keptPage,
    },
    {
      // Nobody is signed in on these pages: the worker drops every kept page of this device (the pages
      // themselves carry no script for it, to stay within the sign-in page's script budget).
      matcher: ({ request, url }) =>
        request.mode === "navigate" && SIGNED_OUT_PAGES.some((path) => url.pathname.startsWith(path)),
      handler: signedOutPage,
    },
    {
      matcher: ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin,
      handler: signedInPage,
    },
  ],
  fallbacks: { entries: [{ url: OFFLINE_PAGE, matcher: ({ request }) => request.destination === "document" }] },
});

async function buyerCacheNames(): Promise<string[]> {
  return (await caches.keys()).filter((name) => name.startsWith(BUYER_CACHE_PREFIX));
}

/** Deletes every buyer's kept pages but `except`'s; answers how many caches went. */
async function forgetBuyers(except?: string): Promise<number> {
  const names = (await buyerCacheNames()).filter((name) => name !== except);
  await Promise.all(names.map((name) => caches.delete(name)));
  return names.length;
}

async function keptCopy(path: string): Promise<Response | undefined> {
  for (const name of await buyerCacheNames()) {
    const cache = await caches.open(name);
    const hit = await cache.match(path);
    if (!hit) continue;
    if (Date.now() - Number(hit.headers.get(KEPT_AT_HEADER)) <= KEPT_FOR_MS) return hit;
    await cache.delete(path);
  }
  return undefined;
}

async function offlinePage(): Promise<Response> {
  return (await serwist.matchPrecache(OFFLINE_PAGE)) ?? Response.error();
}

/** The buyer a signed-in page belongs to: the opaque key components/app-shell.tsx puts in a <meta>. */
const KEY_META = /<meta name="offline-key" content="([0-9a-f]{32})"/;

/**
 * A kept page: from the network, and kept for the buyer whose page it is (any other buyer's copies go
 * first); with no network, the copy kept last, else the offline page.
 */
async function keptPage({ event, request, url }: RouteHandlerCallbackOptions): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    return (await keptCopy(url.pathname)) ?? offlinePage();
  }
  // Sent to sign in: whoever's copy this phone kept is no longer signed in here.
  if (response.type === "opaqueredirect" || response.redirected) event.waitUntil(forgetBuyers());
  else if (response.ok) event.waitUntil(keep(url.pathname, response.clone()));
  return response;
}

async function signedOutPage({ event, request }: RouteHandlerCallbackOptions): Promise<Response> {
  event.waitUntil(forgetBuyers());
  try {
    return await fetch(request);
  } catch {
    return offlinePage();
  }
}

/** Keeps a kept page's HTML for the buyer it names, stamped with the time and marked as the offline copy. */
async function keep(path: string, response: Response): Promise<void> {
  const html = await response.text();
  const key = KEY_META.exec(html)?.[1];
  if (!key || !OFFLINE_KEY_PATTERN.test(key)) return;
  const cacheName = `${BUYER_CACHE_PREFIX}${key}`;
  await forgetBuyers(cacheName);
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT_HEADER, String(Date.now()));
  // Shown only when the network is gone: its "as of" stamp says so (components/offline-stamp.tsx).
  const body = html.replace('data-kept="no"', 'data-kept="yes"');
  await (await caches.open(cacheName)).put(path, new Response(body, { status: response.status, headers }));
}

/** Any other page of a buyer: another buyer's copies go as soon as this one's page is seen. */
async function signedInPage({ event, request }: RouteHandlerCallbackOptions): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    return offlinePage();
  }
  if (response.ok && (response.headers.get("content-type") ?? "").includes("text/html")) {
    const copy = response.clone();
    event.waitUntil(
      copy.text().then(async (html) => {
        const key = KEY_META.exec(html)?.[1];
        if (key) await forgetBuyers(`${BUYER_CACHE_PREFIX}${key}`);
      }),
    );
  }
  return response;
}

const signedOutPath = (target: string) => {
  try {
    const path = new URL(target.split(";")[0], self.location.origin).pathname;
    return SIGNED_OUT_PAGES.some((page) => path.startsWith(page));
  } catch {
    return false;
  }
};

// Signing out and deleting the account are server actions that answer with a redirect to sign in
// (`x-action-redirect`, an address and how to go there): the kept pages go the moment it passes through.
self.addEventListener("fetch", (event) => {
  if (event.request.method !== "POST" || new URL(event.request.url).origin !== self.location.origin) return;
  if (!event.request.headers.has("next-action")) return;
  event.respondWith(
    fetch(event.request).then((response) => {
      if (signedOutPath(response.headers.get("x-action-redirect") ?? "")) event.waitUntil(forgetBuyers());
      return response;
    }),
  );
});

/** A reminder (lib/reminders/push.ts sends it): shown as a notification; a tap, or its action (Extend), opens its page. */
self.addEventListener("push", (event) => {
  let reminder: PushReminder;
  try {
    reminder = event.data?.json() as PushReminder;
  } catch {
    return;
  }
  if (!reminder?.title) return;
  event.waitUntil(
    self.registration.showNotification(reminder.title, {
      body: reminder.body,
      tag: reminder.tag,
      icon: "/icon-192.png",
      badge: "/icon-192.png",
      data: { url: reminder.url },
      ...(reminder.action ? { actions: [{ action: "open", title: reminder.action }] } : {}),
    } as NotificationOptions),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data as { url?: string } | null)?.url ?? "/pickup", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(self.clients.openWindow(target.href));
});

serwist.addEventListeners();
