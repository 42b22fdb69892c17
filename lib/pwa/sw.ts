/// <reference lib="webworker" />
/**
 * The service worker, bundled by `serwist build` (serwist.config.js) into public/sw.js after `next build`.
 * Serwist precaches the build's static files and the offline page; this file adds what is ours:
 * Pickup kept per buyer for offline use, the offline page for every other page, and reminders by push.
 */
import type { PrecacheEntry, RouteHandlerCallbackOptions, SerwistGlobalConfig } from "serwist";
import { NetworkOnly, Serwist } from "serwist";
import type { PushReminder } from "@/lib/reminders/push";
import {
  BUYER_CACHE_PREFIX,
  isKeptPage,
  KEPT_AT_HEADER,
  KEPT_FOR_MS,
  type KeeperAnswer,
  type KeeperMessage,
  OFFLINE_KEY_PATTERN,
  OFFLINE_PAGE,
} from "./kept";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

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
      matcher: ({ request }) => request.mode === "navigate",
      handler: new NetworkOnly(),
    },
  ],
  fallbacks: { entries: [{ url: OFFLINE_PAGE, matcher: ({ request }) => request.destination === "document" }] },
});

/** The last kept-page response each new page got, until that page says whose it is (the "viewer" message). */
const staged = new Map<string, { path: string; response: Response; at: number }>();

async function buyerCacheNames(): Promise<string[]> {
  return (await caches.keys()).filter((name) => name.startsWith(BUYER_CACHE_PREFIX));
}

/** Deletes every buyer's kept pages but `except`'s; answers how many caches went. */
async function forgetBuyers(except?: string): Promise<number> {
  const names = (await buyerCacheNames()).filter((name) => name !== except);
  await Promise.all(names.map((name) => caches.delete(name)));
  if (!except) staged.clear();
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

async function keptPage({ event, request, url }: RouteHandlerCallbackOptions): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    return (await keptCopy(url.pathname)) ?? offlinePage();
  }
  // Sent to sign in: whoever's copy this phone kept is no longer signed in here.
  if (response.type === "opaqueredirect" || response.redirected) {
    event.waitUntil(forgetBuyers());
  } else if (response.ok && event instanceof FetchEvent && event.resultingClientId) {
    staged.set(event.resultingClientId, { path: url.pathname, response: response.clone(), at: Date.now() });
    for (const [id, entry] of staged) if (Date.now() - entry.at > 60_000) staged.delete(id);
  }
  return response;
}

/** Keeps `response` (a kept page, just fetched for this buyer) in the buyer's cache, stamped with the time. */
async function keep(cacheName: string, path: string, response: Response): Promise<void> {
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT_HEADER, String(Date.now()));
  const body = await response.arrayBuffer();
  await (await caches.open(cacheName)).put(path, new Response(body, { status: response.status, headers }));
}

async function onViewer(message: Extract<KeeperMessage, { type: "viewer" }>, source: Client | null) {
  const cacheName = `${BUYER_CACHE_PREFIX}${message.key}`;
  // Another buyer's copies go before anything of this one's is kept.
  const cleared = await forgetBuyers(cacheName);
  if (!message.keep || !source) return { kept: false, cleared };
  const path = new URL(source.url).pathname;
  if (!isKeptPage(path)) return { kept: false, cleared };
  const entry = staged.get(source.id);
  staged.delete(source.id);
  // Not staged (the page loaded before this worker controlled it): fetch it once more, as this buyer.
  const response =
    entry && entry.path === path
      ? entry.response
      : await fetch(path, { credentials: "same-origin", redirect: "manual" });
  if (!response.ok || response.type === "opaqueredirect") return { kept: false, cleared };
  await keep(cacheName, path, response);
  return { kept: true, cleared };
}

self.addEventListener("message", (event) => {
  const message = event.data as KeeperMessage | undefined;
  const port = event.ports[0];
  const source = event.source instanceof Client ? event.source : null;
  let work: Promise<KeeperAnswer> | undefined;
  if (message?.type === "signed-out") work = forgetBuyers().then((cleared) => ({ kept: false, cleared }));
  else if (message?.type === "viewer" && OFFLINE_KEY_PATTERN.test(message.key)) work = onViewer(message, source);
  if (!work) return;
  event.waitUntil(
    work.then(
      (answer) => port?.postMessage(answer),
      () => port?.postMessage({ kept: false, cleared: 0 } satisfies KeeperAnswer),
    ),
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
