/** Where links in mail point: only a configured origin outside demo mode, never a Host header. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { publicOrigin } from "./public-origin";

const host = (value: string) => new Headers({ host: value });

afterEach(() => vi.unstubAllEnvs());

function live({ base = "", auth = "" }: { base?: string; auth?: string } = {}) {
  vi.stubEnv("DATABASE_URL", "postgres://app@db.internal/app");
  vi.stubEnv("DEMO_MODE", "");
  vi.stubEnv("PUBLIC_BASE_URL", base);
  vi.stubEnv("AUTH_URL", auth);
}

describe("publicOrigin", () => {
  it("is PUBLIC_BASE_URL's origin, whatever the Host header says", () => {
    live({ base: " https://shop.example.com/app/ ", auth: "https://auth.example.com" });
    expect(publicOrigin(host("evil.example"))).toBe("https://shop.example.com");
  });

  it("falls back to AUTH_URL when PUBLIC_BASE_URL is empty or blank", () => {
    live({ base: "  ", auth: "https://auth.example.com:8443/api/auth" });
    expect(publicOrigin(host("evil.example"))).toBe("https://auth.example.com:8443");
  });

  it("is null for a configured origin that is not a URL: no mail with a link", () => {
    live({ base: "shop.example.com" });
    expect(publicOrigin(host("shop.example.com"))).toBeNull();
  });

  it("is null for a configured origin that is not a URL in demo mode too: never the Host header instead", () => {
    live({ base: "shop.example.com" });
    vi.stubEnv("DEMO_MODE", "1");
    expect(publicOrigin(host("evil.example"))).toBeNull();
  });

  it("is null outside demo mode with nothing configured, even with a good Host header", () => {
    live();
    expect(publicOrigin(host("localhost:3000"))).toBeNull();
  });

  it("in demo mode, takes a plain Host header over http", () => {
    live();
    vi.stubEnv("DEMO_MODE", "1");
    expect(publicOrigin(host("localhost:3000"))).toBe("http://localhost:3000");
    expect(publicOrigin(host("demo.example.com"))).toBe("http://demo.example.com");
    expect(publicOrigin(host("[::1]:3000"))).toBe("http://[::1]:3000");
    expect(publicOrigin(host("[::1]"))).toBe("http://[::1]");
    // Blank settings are no settings.
    vi.stubEnv("PUBLIC_BASE_URL", " ");
    vi.stubEnv("AUTH_URL", " ");
    expect(publicOrigin(host("localhost:3000"))).toBe("http://localhost:3000");
  });

  it("in demo mode, refuses a missing Host header or one that is not a host", () => {
    live();
    vi.stubEnv("DEMO_MODE", "1");
    expect(publicOrigin(new Headers())).toBeNull();
    for (const bad of [
      "evil.example/path",
      "a b",
      "evil.example:123456",
      "user@evil.example",
      "[::1]x",
      "[::1]:3000x",
      "evil.example/[::1]",
    ]) {
      expect(publicOrigin(host(bad)), bad).toBeNull();
    }
  });
});
