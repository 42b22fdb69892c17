"use client";

import { useEffect } from "react";

/** Registers the service worker (public/sw.js, built by `serwist build`). */
export function ServiceWorkerRegister() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "development") navigator.serviceWorker?.register("/sw.js").catch(() => {});
  }, []);
  return null;
}
