import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

const SESSION = "authjs.session-token=eyJhbGciOiJkaXIifQ.x.y";

function call(url: string, { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {}) {
  return proxy(new NextRequest(url, { headers: { ...headers, ...(cookie ? { cookie } : {}) } }));
}

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? "").split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")] as [string, string];
    }),
  );
}

const CASES: [string, string, string | undefined][] = [
  ["a signed-in page", "http://localhost:3000/orders", SESSION],
  ["an anonymous page (redirected)", "http://localhost:3000/orders", undefined],
  ["the sign-in page", "http://localhost:3000/sign-in", undefined],
  ["an anonymous API call (401)", "http://localhost:3000/api/account/export", undefined],
  ["the health route", "http://localhost:3000/api/health", undefined],
];

describe("proxy: security headers on every response", () => {
  it.each(CASES)("%s", (_label, url, cookie) => {
    const response = call(url, { cookie });
    const csp = response.headers.get("content-security-policy");
    const d = directives(csp);
    expect(d.get("object-src")).toBe("'none'");
    expect(d.get("base-uri")).toBe("'none'");
    expect(d.get("frame-ancestors")).toBe("'none'");
    expect(d.get("default-src")).toBe("'self'");
    expect(d.get("script-src")).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'$/);
    expect(d.get("style-src")).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{24}'$/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("uses a fresh nonce for every request and hands it to the renderer", () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = call("http://localhost:3000/orders", { cookie: SESSION });
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
      expect(nonce).toBeTruthy();
      nonces.add(nonce as string);
      // NextResponse.next({ request: { headers } }) forwards request headers as x-middleware-request-*.
      expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
      expect(response.headers.get("x-middleware-request-content-security-policy")).toContain(`'nonce-${nonce}'`);
    }
    expect(nonces.size).toBe(20);
  });

  it("adds HSTS and upgrade-insecure-requests over https, directly or behind a proxy", () => {
    for (const response of [
      call("https://shop.example/orders", { cookie: SESSION }),
      call("http://10.0.0.5:3000/sign-in", { headers: { "x-forwarded-proto": "https" } }),
    ]) {
      expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      expect(directives(response.headers.get("content-security-policy")).has("upgrade-insecure-requests")).toBe(true);
    }
    const plain = call("http://10.0.0.5:3000/sign-in", { headers: { "x-forwarded-proto": "http" } });
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });

  it("keeps the early redirect for visitors without a session cookie", () => {
    const page = call("http://localhost:3000/orders/abc?tab=log");
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toBe("http://localhost:3000/sign-in?next=%2Forders%2Fabc%3Ftab%3Dlog");
    const home = call("http://localhost:3000/");
    expect(home.headers.get("location")).toBe("http://localhost:3000/sign-in");
    expect(call("http://localhost:3000/api/account/export").status).toBe(401);
    expect(call("http://localhost:3000/orders", { cookie: SESSION }).headers.get("x-middleware-next")).toBe("1");
    expect(call("http://localhost:3000/sign-up").headers.get("x-middleware-next")).toBe("1");
  });

  it("runs on everything but static files and the relay (which sets its own headers, lib/relay/http.ts)", () => {
    const [matcher] = config.matcher;
    const re = new RegExp(`^${matcher}$`);
    for (const path of ["/", "/orders", "/api/relayed", "/api/auth/session", "/account"])
      expect(re.test(path)).toBe(true);
    for (const path of ["/_next/static/chunks/main.js", "/favicon.ico", "/api/relay/call", "/api/relay/twilio/voice"])
      expect(re.test(path)).toBe(false);
  });
});
