import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

const SESSION = "authjs.session-token=eyJhbGciOiJkaXIifQ.x.y";

async function call(url: string, { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {}) {
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
  it.each(CASES)("%s", async (_label, url, cookie) => {
    const response = await call(url, { cookie });
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

  it("uses a fresh nonce for every request and hands it to the renderer", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const response = await call("http://localhost:3000/orders", { cookie: SESSION });
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
      expect(nonce).toBeTruthy();
      nonces.add(nonce as string);
      // NextResponse.next({ request: { headers } }) forwards request headers as x-middleware-request-*.
      expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
      expect(response.headers.get("x-middleware-request-content-security-policy")).toContain(`'nonce-${nonce}'`);
    }
    expect(nonces.size).toBe(20);
  });

  it("adds HSTS and upgrade-insecure-requests over https, directly or behind a proxy", async () => {
    for (const response of [
      await call("https://shop.example/orders", { cookie: SESSION }),
      await call("http://10.0.0.5:3000/sign-in", { headers: { "x-forwarded-proto": "https" } }),
    ]) {
      expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      expect(directives(response.headers.get("content-security-policy")).has("upgrade-insecure-requests")).toBe(true);
    }
    const plain = await call("http://10.0.0.5:3000/sign-in", { headers: { "x-forwarded-proto": "http" } });
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });

  it("keeps the early redirect for visitors without a session cookie", async () => {
    const page = await call("http://localhost:3000/orders/abc?tab=log");
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toBe("http://localhost:3000/sign-in?next=%2Forders%2Fabc%3Ftab%3Dlog");
    const home = await call("http://localhost:3000/");
    expect(home.headers.get("location")).toBe("http://localhost:3000/sign-in");
    expect((await call("http://localhost:3000/api/account/export")).status).toBe(401);
    expect((await call("http://localhost:3000/orders", { cookie: SESSION })).headers.get("x-middleware-next")).toBe(
      "1",
    );
    expect((await call("http://localhost:3000/sign-up")).headers.get("x-middleware-next")).toBe("1");
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

describe("proxy: server-action posts Next itself would answer with a 500", () => {
  const ACTION = "7f".repeat(21);
  const post = (headers: Record<string, string>, body: BodyInit = "[]") =>
    proxy(
      new NextRequest("http://localhost:3000/orders", {
        method: "POST",
        body,
        headers: {
          cookie: SESSION,
          host: "localhost:3000",
          "next-action": ACTION,
          "content-type": "text/plain;charset=UTF-8",
          "content-length": String(typeof body === "string" ? Buffer.byteLength(body) : 0),
          ...headers,
        },
      }),
    );

  it("lets a same-origin action with a readable body through", async () => {
    const response = await post({ origin: "http://localhost:3000" }, '[{"x":1}]');
    expect(response.headers.get("x-middleware-next")).toBe("1");
    const form = new FormData();
    form.set("1_orderId", "x");
    const encoded = new Response(form);
    const body = await encoded.arrayBuffer();
    const multipart = await post(
      {
        origin: "http://localhost:3000",
        "content-type": encoded.headers.get("content-type") ?? "",
        "content-length": String(body.byteLength),
      },
      body,
    );
    expect(multipart.headers.get("x-middleware-next")).toBe("1");
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }, "[]", 403],
    ["an unreadable origin", { origin: "not a url" }, "[]", 403],
    ["a malformed action id", { "next-action": "x" }, "[]", 400],
    ["a body over 1 MB", { "content-length": String(1024 * 1024 + 1) }, "[]", 413],
    ["no length", { "content-length": "" }, "[]", 411],
    ["a text body that is no reply", {}, "{not json", 400],
    [
      "a multipart type with a body that is not one",
      { "content-type": "multipart/form-data; boundary=zz" },
      "junk",
      400,
    ],
    ["another content type", { "content-type": "application/json" }, "[]", 400],
  ])("refuses %s with a 4xx, before Next runs the action", async (_label, headers, body, status) => {
    const response = await post(headers, body);
    expect(response.status).toBe(status);
    expect(response.headers.get("x-middleware-next")).toBeNull();
    expect(response.headers.get("content-security-policy")).toBeTruthy();
  });
});
