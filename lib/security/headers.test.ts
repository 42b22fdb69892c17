/** The Content-Security-Policy: scripts and styles only with the response's nonce, except what development needs. */
import { describe, expect, it } from "vitest";
import { baseSecurityHeaders, contentSecurityPolicy, isHttps } from "./headers";

const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d]));

describe("contentSecurityPolicy", () => {
  it("in production allows scripts and styles with the nonce only: no eval, no inline style", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123", https: true, dev: false }));
    expect(policy["script-src"]).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy["style-src"]).toBe("style-src 'self' 'nonce-abc123'");
    expect(policy["object-src"]).toBe("object-src 'none'");
    expect(contentSecurityPolicy({ nonce: "n", https: true, dev: false })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-n' 'strict-dynamic'; style-src 'self' 'nonce-n'; " +
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests",
    );
    // Over plain http (the demo on localhost) the same policy, without the upgrade.
    expect(contentSecurityPolicy({ nonce: "n", https: false, dev: false })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-n' 'strict-dynamic'; style-src 'self' 'nonce-n'; " +
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'",
    );
  });

  it("in development also allows eval and inline styles, for the overlay and hot reload", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123", https: false, dev: true }));
    expect(policy["script-src"]).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic' 'unsafe-eval'");
    expect(policy["style-src"]).toBe("style-src 'self' 'unsafe-inline'");
  });
});

describe("baseSecurityHeaders", () => {
  it("gives every response the same four headers, and HSTS only over https", () => {
    const plain = {
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
    };
    expect(baseSecurityHeaders({ https: false })).toEqual(plain);
    expect(baseSecurityHeaders({ https: true })).toEqual({
      ...plain,
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
  });
});

describe("isHttps", () => {
  const http = new URL("http://shop.example.com/orders");
  it("is https by the URL, or by the first proxy's X-Forwarded-Proto however it is spaced", () => {
    expect(isHttps(new URL("https://shop.example.com/"), new Headers())).toBe(true);
    expect(isHttps(http, new Headers())).toBe(false);
    expect(isHttps(http, new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttps(http, new Headers({ "x-forwarded-proto": "https , http" }))).toBe(true);
    expect(isHttps(http, new Headers({ "x-forwarded-proto": "http, https" }))).toBe(false);
  });
});
