/**
 * First-load JavaScript per route: the gzip sizes of the route's `<script src>` tags (modern chunks,
 * `nomodule` ones left out), summed. Next 16 no longer prints it at build time.
 *
 *   npx tsx scripts/js-budget.ts http://127.0.0.1:3600 /sign-in /orders /orders/:first [--identifier=demo@example.com --password=...]
 *
 * Routes that answer a signed-out visitor with 200 are measured signed out; `/orders/:first` is the first order listed.
 *
 * e2e/budget.spec.ts runs the same measurement inside `npm test`.
 */
import { gzipSync } from "node:zlib";

export const JS_BUDGET_BYTES = 150 * 1024;

export type Fetcher = (path: string) => Promise<{ status: number; body: Buffer }>;
export type RouteJs = { route: string; scripts: { src: string; gzip: number }[]; gzip: number };

/** The `src` of every classic or module script tag that a modern browser runs (not `nomodule`). */
export function scriptSources(html: string): string[] {
  const sources = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    if (/\snomodule\b/i.test(tag)) continue;
    const src = /\ssrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/i.exec(tag);
    const value = src?.[1] ?? src?.[2] ?? src?.[3];
    if (value) sources.add(value.replaceAll("&amp;", "&"));
  }
  return [...sources];
}

export async function measureRoute(get: Fetcher, route: string): Promise<RouteJs> {
  const page = await get(route);
  if (page.status !== 200) throw new Error(`${route} answered ${page.status}`);
  const scripts = [];
  for (const src of scriptSources(page.body.toString("utf8"))) {
    const path = src.startsWith("http") ? new URL(src).pathname + new URL(src).search : src;
    const script = await get(path);
    if (script.status !== 200) throw new Error(`${src} (from ${route}) answered ${script.status}`);
    scripts.push({ src: path, gzip: gzipSync(script.body, { level: 9 }).length });
  }
  return { route, scripts, gzip: scripts.reduce((sum, s) => sum + s.gzip, 0) };
}

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** A fetcher with a cookie jar, signed in through the Auth.js credentials callback when asked. */
export async function cookieFetcher(
  base: string,
  signIn?: { identifier: string; password: string },
): Promise<{ get: Fetcher; cookie: () => string }> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const get: Fetcher = async (path) => {
    const response = await fetch(new URL(path, base), { headers: { cookie: cookie() }, redirect: "manual" });
    keep(response);
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  };
  if (signIn) {
    const csrf = await fetch(new URL("/api/auth/csrf", base), { headers: { cookie: cookie() } });
    keep(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch(new URL("/api/auth/callback/credentials", base), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
      body: new URLSearchParams({ ...signIn, csrfToken, callbackUrl: new URL("/orders", base).toString() }),
    });
    keep(response);
    if (![...jar.keys()].some((name) => name.includes("session-token"))) {
      throw new Error(`signing in as ${signIn.identifier} gave no session cookie (${response.status})`);
    }
  }
  return { get, cookie };
}

if (process.argv[1]?.endsWith("js-budget.ts")) {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const [base, ...routes] = args.filter((a) => !a.startsWith("--"));
  if (!base || routes.length === 0) {
    console.error("usage: tsx scripts/js-budget.ts <server url> <route>... [--identifier=… --password=…]");
    process.exit(2);
  }
  const identifier = flag("identifier");
  const password = flag("password");
  // Public routes are measured signed out (signed-in visitors are redirected away from them), the rest signed in.
  const anonymous = await cookieFetcher(base);
  const signedIn = identifier && password ? await cookieFetcher(base, { identifier, password }) : anonymous;
  let over = false;
  for (let route of routes) {
    let get = anonymous.get;
    if ((await get(route)).status !== 200) get = signedIn.get;
    if (route === "/orders/:first") {
      const list = (await get("/orders")).body.toString("utf8");
      route = `/orders/${/\/orders\/([0-9a-f-]{36})/.exec(list)?.[1] ?? "none"}`;
      get = signedIn.get;
    }
    const measured = await measureRoute(get, route);
    const ok = measured.gzip <= JS_BUDGET_BYTES;
    over ||= !ok;
    console.info(
      `${ok ? "ok  " : "OVER"} ${route}: ${kB(measured.gzip)} gzip in ${measured.scripts.length} scripts (budget ${kB(JS_BUDGET_BYTES)})`,
    );
  }
  process.exit(over ? 1 : 0);
}
