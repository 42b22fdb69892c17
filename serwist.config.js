// @ts-check
// `serwist build` (run by `npm run build` after `next build`): bundles lib/pwa/sw.ts into public/sw.js
// with the list of files to precache. Serwist's configurator mode, which works with Turbopack builds.
import { readFileSync } from "node:fs";
import { serwist } from "@serwist/next/config";

const buildId = readFileSync(".next/BUILD_ID", "utf8").trim();

export default serwist({
  swSrc: "lib/pwa/sw.ts",
  swDest: "public/sw.js",
  // Every page is rendered per request (nonce, language, account): none is prerendered; the offline
  // page is precached by URL, a new copy with each build.
  precachePrerendered: false,
  additionalPrecacheEntries: [{ url: "/offline", revision: buildId }],
  globIgnores: ["public/icon.svg", "public/sw.js"],
});
