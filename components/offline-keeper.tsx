"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { BUYER_CACHE_PREFIX, isKeptPage, type KeeperAnswer, type KeeperMessage } from "@/lib/pwa/kept";

/** Sends one message to the active service worker and waits (briefly) for its answer. */
async function tell(message: KeeperMessage): Promise<KeeperAnswer | null> {
  if (!("serviceWorker" in navigator)) return null;
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) return null;
  const channel = new MessageChannel();
  const answer = new Promise<KeeperAnswer | null>((resolve) => {
    channel.port1.onmessage = (event) => resolve(event.data as KeeperAnswer);
    setTimeout(() => resolve(null), 10_000);
  });
  worker.postMessage(message, [channel.port2]);
  return answer;
}

async function register(): Promise<boolean> {
  if (!("serviceWorker" in navigator) || process.env.NODE_ENV === "development") return false;
  try {
    await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    return true;
  } catch {
    return false;
  }
}

/** Removes every buyer's kept pages from this device (Cache Storage is shared with the worker). */
export async function forgetOfflineData(): Promise<void> {
  if (typeof caches !== "undefined") {
    for (const name of await caches.keys()) if (name.startsWith(BUYER_CACHE_PREFIX)) await caches.delete(name);
  }
  if ("serviceWorker" in navigator && navigator.serviceWorker.controller) await tell({ type: "signed-out" });
}

/**
 * Registers the service worker and tells it whose pages these are: `viewerKey` for a signed-in buyer
 * (the worker drops any other buyer's copies, and keeps this page if it is one it keeps), null on the
 * signed-out pages (it drops them all). The root element's data-offline says what happened, for tests.
 */
export function OfflineKeeper({ viewerKey }: { viewerKey: string | null }) {
  const pathname = usePathname();
  useEffect(() => {
    let live = true;
    (async () => {
      if (!(await register())) return;
      const answer = await tell(
        viewerKey ? { type: "viewer", key: viewerKey, keep: isKeptPage(pathname) } : { type: "signed-out" },
      );
      if (live && answer) document.documentElement.dataset.offline = answer.kept ? "kept" : "synced";
    })();
    return () => {
      live = false;
    };
  }, [viewerKey, pathname]);
  return null;
}
