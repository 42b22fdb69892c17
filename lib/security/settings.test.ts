/** Each throttling and retention setting is read from its own environment variable (the README lists them). */
import { afterEach, describe, expect, it, vi } from "vitest";

const VARIABLES = {
  rateLimitWindowMinutes: "RATE_LIMIT_WINDOW_MINUTES",
  signInPerAccount: "SIGN_IN_LIMIT_PER_ACCOUNT",
  signInDelaySeconds: "SIGN_IN_DELAY_SECONDS",
  resetPerAccount: "RESET_LIMIT_PER_ACCOUNT",
  resetPerIp: "RESET_LIMIT_PER_IP",
  signInPerIp: "SIGN_IN_LIMIT_PER_IP",
  signUpPerAccount: "SIGN_UP_LIMIT_PER_ACCOUNT",
  signUpPerIp: "SIGN_UP_LIMIT_PER_IP",
  reauthPerAccount: "REAUTH_LIMIT_PER_ACCOUNT",
  trustedProxyHops: "TRUSTED_PROXY_HOPS",
  retentionDays: "RETENTION_DAYS",
} as const;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("securitySettings", () => {
  it("takes each setting from its variable, a distinct value each, and nothing else", async () => {
    const names = Object.entries(VARIABLES);
    for (const [i, [, variable]] of names.entries()) vi.stubEnv(variable, String(100 + i));
    vi.resetModules();
    const { securitySettings } = await import("./settings");
    expect(securitySettings).toEqual(Object.fromEntries(names.map(([key], i) => [key, 100 + i])));
  });
});
