import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { relaySecrets } from "./secrets";

const cache = globalThis as unknown as { __onpRelaySecrets?: unknown };

describe("relaySecrets", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    cache.__onpRelaySecrets = undefined;
  });

  it("generates missing secrets once into DATA_DIR/relay-secrets.json on the embedded database", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onp-relay-secrets-"));
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("RELAY_SIGNING_SECRET", "");
    vi.stubEnv("TWILIO_AUTH_TOKEN", "");
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const first = relaySecrets();
    expect(first.RELAY_SIGNING_SECRET).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(first.TWILIO_AUTH_TOKEN).toMatch(/^[0-9a-f]{32}$/);
    const file = path.join(dir, "relay-secrets.json");
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    const written = statSync(file).mtimeMs;
    cache.__onpRelaySecrets = undefined;
    expect(relaySecrets()).toEqual(first);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
    // The second time there is nothing to generate: the file is read, not written, and nothing is logged.
    expect(statSync(file).mtimeMs).toBe(written);
    expect(info).toHaveBeenCalledTimes(1);
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

  it("says in the log what it generated and where, never the secret itself", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "onp-relay-secrets-")), "not", "yet");
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("RELAY_SIGNING_SECRET", "");
    vi.stubEnv("TWILIO_AUTH_TOKEN", "");
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const generated = relaySecrets();
    const file = path.join(dir, "relay-secrets.json");
    expect(info.mock.calls).toEqual([
      [`[config] generated RELAY_SIGNING_SECRET, TWILIO_AUTH_TOKEN into ${file} (embedded demo database)`],
    ]);
    expect(JSON.stringify(info.mock.calls)).not.toContain(generated.TWILIO_AUTH_TOKEN);
  });

  it("keeps what the file already has, generates only what is missing, and the environment wins", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onp-relay-secrets-"));
    const file = path.join(dir, "relay-secrets.json");
    const stored = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;
    writeFileSync(file, JSON.stringify({ RELAY_SIGNING_SECRET: stored }));
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("RELAY_SIGNING_SECRET", "");
    vi.stubEnv("TWILIO_AUTH_TOKEN", "");
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const first = relaySecrets();
    expect(first.RELAY_SIGNING_SECRET).toBe(stored);
    expect(first.TWILIO_AUTH_TOKEN).toMatch(/^[0-9a-f]{32}$/);
    expect(info.mock.calls).toEqual([[`[config] generated TWILIO_AUTH_TOKEN into ${file} (embedded demo database)`]]);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);

    cache.__onpRelaySecrets = undefined;
    const fromEnv = `whsec_${Buffer.alloc(32, 2).toString("base64")}`;
    vi.stubEnv("RELAY_SIGNING_SECRET", fromEnv);
    expect(relaySecrets()).toEqual({ RELAY_SIGNING_SECRET: fromEnv, TWILIO_AUTH_TOKEN: first.TWILIO_AUTH_TOKEN });
    // Read once per process: a later change of the environment is not seen.
    vi.stubEnv("RELAY_SIGNING_SECRET", stored);
    expect(relaySecrets().RELAY_SIGNING_SECRET).toBe(fromEnv);
  });

  it("with DATABASE_URL and both set, takes them as they are and writes nothing", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "onp-relay-secrets-")), "data");
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_URL", "postgres://example/db");
    const secret = `whsec_${Buffer.alloc(32, 3).toString("base64")}`;
    vi.stubEnv("RELAY_SIGNING_SECRET", secret);
    vi.stubEnv("TWILIO_AUTH_TOKEN", "0123456789abcdef");
    expect(relaySecrets()).toEqual({ RELAY_SIGNING_SECRET: secret, TWILIO_AUTH_TOKEN: "0123456789abcdef" });
    expect(existsSync(dir)).toBe(false);
  });

  it("names the missing one and how to make it", () => {
    vi.stubEnv("DATABASE_URL", "postgres://example/db");
    vi.stubEnv("RELAY_SIGNING_SECRET", `whsec_${Buffer.alloc(32, 3).toString("base64")}`);
    vi.stubEnv("TWILIO_AUTH_TOKEN", "");
    expect(() => relaySecrets()).toThrow(
      "Missing required environment variable TWILIO_AUTH_TOKEN: DATABASE_URL is set, so relay secrets are not generated. Set TWILIO_AUTH_TOKEN to the auth token of your Twilio account.",
    );
    vi.stubEnv("RELAY_SIGNING_SECRET", "");
    expect(() => relaySecrets()).toThrow(
      "Missing required environment variable RELAY_SIGNING_SECRET, TWILIO_AUTH_TOKEN: DATABASE_URL is set, so relay secrets are not generated. Set RELAY_SIGNING_SECRET to whsec_ followed by 32 random bytes in base64",
    );
  });

  it("a signing secret is whsec_ and at least 24 bytes of plain base64; a Twilio token at least 16 characters", () => {
    vi.stubEnv("DATABASE_URL", "postgres://example/db");
    const accepts = (signing: string, token = "0123456789abcdef") => {
      cache.__onpRelaySecrets = undefined;
      vi.stubEnv("RELAY_SIGNING_SECRET", signing);
      vi.stubEnv("TWILIO_AUTH_TOKEN", token);
      try {
        relaySecrets();
        return true;
      } catch (error) {
        expect(String(error)).toMatch(
          /^Error: (RELAY_SIGNING_SECRET must be whsec_ followed by 32 random bytes|TWILIO_AUTH_TOKEN looks too short: it must be the auth token of your Twilio account)/,
        );
        return false;
      }
    };
    const b64 = (bytes: number) => Buffer.alloc(bytes, 0xfb).toString("base64");
    // 24, 26 and 25 bytes: padded with none, one and two "="; all of them use "+" and "/".
    expect([24, 26, 25].map((n) => b64(n).match(/=*$/)?.[0].length)).toEqual([0, 1, 2]);
    expect(accepts(`whsec_${b64(24)}`)).toBe(true);
    expect(accepts(`whsec_${b64(26)}`)).toBe(true);
    expect(accepts(`whsec_${b64(25)}`)).toBe(true);
    expect(accepts(`whsec_${b64(23)}`)).toBe(false);
    expect(accepts(`whsec_${b64(25)}=`)).toBe(false);
    expect(accepts(b64(32))).toBe(false);
    expect(accepts(`xwhsec_${b64(32)}`)).toBe(false);
    expect(accepts(`whsec_${b64(32)}!`)).toBe(false);
    expect(accepts(`whsec_!${b64(32)}`)).toBe(false);
    expect(accepts(`whsec_${b64(32).replace(/\+/g, "-").replace(/\//g, "_")}`)).toBe(false);
    expect(accepts(`whsec_${b64(32)}`, "0123456789abcde")).toBe(false);
    expect(accepts(`whsec_${b64(32)}`, "0123456789abcdef")).toBe(true);
  });

  it("with both in the environment, the file is not even read", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onp-relay-secrets-"));
    writeFileSync(path.join(dir, "relay-secrets.json"), "{ not json");
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_URL", "");
    const secret = `whsec_${Buffer.alloc(32, 4).toString("base64")}`;
    vi.stubEnv("RELAY_SIGNING_SECRET", secret);
    vi.stubEnv("TWILIO_AUTH_TOKEN", "0123456789abcdef");
    expect(relaySecrets()).toEqual({ RELAY_SIGNING_SECRET: secret, TWILIO_AUTH_TOKEN: "0123456789abcdef" });
  });
});
