import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { relaySecrets } from "./secrets";

const cache = globalThis as unknown as { __onpRelaySecrets?: unknown };

describe("relaySecrets", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    cache.__onpRelaySecrets = undefined;
  });

  it("generates missing secrets once into DATA_DIR/relay-secrets.json on the embedded database", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onp-relay-secrets-"));
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("RELAY_SIGNING_SECRET", "");
    vi.stubEnv("TWILIO_AUTH_TOKEN", "");
    vi.spyOn(console, "info").mockImplementation(() => {});
    const first = relaySecrets();
    expect(first.RELAY_SIGNING_SECRET).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(first.TWILIO_AUTH_TOKEN).toMatch(/^[0-9a-f]{32}$/);
    const file = path.join(dir, "relay-secrets.json");
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    cache.__onpRelaySecrets = undefined;
    expect(relaySecrets()).toEqual(first);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
  });

  it("takes the environment first, and checks the whsec_ form", () => {
    vi.stubEnv("RELAY_SIGNING_SECRET", `whsec_${Buffer.alloc(32, 7).toString("base64")}`);
    vi.stubEnv("TWILIO_AUTH_TOKEN", "0123456789abcdef0123456789abcdef");
    expect(relaySecrets().TWILIO_AUTH_TOKEN).toBe("0123456789abcdef0123456789abcdef");
    cache.__onpRelaySecrets = undefined;
    vi.stubEnv("RELAY_SIGNING_SECRET", "not-a-whsec-secret");
    expect(() => relaySecrets()).toThrow(/whsec_/);
  });

  it("requires them when DATABASE_URL is set", () => {
    vi.stubEnv("DATABASE_URL", "postgres://example/db");
    vi.stubEnv("RELAY_SIGNING_SECRET", "");
    vi.stubEnv("TWILIO_AUTH_TOKEN", "0123456789abcdef0123456789abcdef");
    expect(() => relaySecrets()).toThrow(/Missing required environment variable RELAY_SIGNING_SECRET/);
  });
});
