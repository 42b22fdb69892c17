import { CallbackRouteError, CredentialsSignin, JWTSessionError } from "@auth/core/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authLogger, authLogLine } from "./auth-log";

describe("the Auth.js logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints a failed sign-in and a tampered cookie as one line each, no stack", () => {
    const lines: unknown[][] = [];
    vi.spyOn(console, "error").mockImplementation((...args) => void lines.push(args));
    authLogger.error(new CredentialsSignin());
    authLogger.error(new JWTSessionError(new Error("Invalid Compact JWE") as never));
    expect(lines).toEqual([["[auth] CredentialsSignin"], ["[auth] JWTSessionError (Error)"]]);
  });

  it("names an unexpected cause by class and SQLSTATE, never its message", () => {
    const cause = Object.assign(new Error("Failed query: select … params: 13812345678\u0000,a@b.example"), {
      code: "22021",
    });
    const line = authLogLine(new CallbackRouteError(cause as never, { provider: "credentials" } as never));
    expect(line).toBe("[auth] CallbackRouteError (Error 22021)");
    expect(line).not.toContain("1381234");
  });

  it("names an error by its Auth.js type first, and copes with a thrown value that is no error at all", () => {
    expect(authLogLine(Object.assign(new Error("no"), { type: "AccessDenied" }))).toBe("[auth] AccessDenied");
    expect(authLogLine(new TypeError("boom"))).toBe("[auth] TypeError");
    expect(authLogLine(undefined)).toBe("[auth] undefined");
    expect(authLogLine(null)).toBe("[auth] object");
    expect(authLogLine("a string")).toBe("[auth] string");
    // A cause that is not an object (an error built by hand) is no cause, and does not throw.
    expect(authLogLine(new Error("no", { cause: "a reason" }))).toBe("[auth] Error");
    expect(authLogLine(new Error("no", { cause: 42 }))).toBe("[auth] Error");
  });

  it("prints a warning as one line with its code", () => {
    const lines: unknown[][] = [];
    vi.spyOn(console, "warn").mockImplementation((...args) => void lines.push(args));
    authLogger.warn("debug-enabled");
    expect(lines).toEqual([["[auth] warning debug-enabled"]]);
  });
});
