import { afterEach, describe, expect, it, vi } from "vitest";
import { dbAvailability, isUnavailableError, markDbUp, noteDbError, PROBE_MS, startDbMonitor } from "./availability";

afterEach(() => {
  vi.useRealTimers();
  markDbUp();
});

describe("database availability", () => {
  it("calls connection-class errors unavailable, a query's own fault not", () => {
    for (const code of ["CONNECTION_CLOSED", "ECONNREFUSED", "57P01", "57P03", "08006", "53300"]) {
      expect(isUnavailableError(Object.assign(new Error("x"), { code }))).toBe(true);
    }
    expect(isUnavailableError(new Error("wrapped", { cause: { code: "57P01" } }))).toBe(true);
    for (const code of ["23505", "22P02", "40001", undefined]) {
      expect(isUnavailableError(Object.assign(new Error("x"), { code }))).toBe(false);
    }
  });

  it("goes down at once on a request's connection error, and up again on the next good probe", async () => {
    vi.useFakeTimers();
    let answer: () => Promise<unknown> = () => Promise.resolve();
    const stop = startDbMonitor(() => answer());
    expect(noteDbError(Object.assign(new Error("gone"), { code: "CONNECTION_CLOSED" }))).toBe(true);
    expect(dbAvailability()).toMatchObject({ up: false, lastError: "CONNECTION_CLOSED" });
    await vi.advanceTimersByTimeAsync(PROBE_MS);
    expect(dbAvailability().up).toBe(true);

    answer = () => Promise.reject(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }));
    await vi.advanceTimersByTimeAsync(PROBE_MS);
    expect(dbAvailability().up).toBe(true);
    await vi.advanceTimersByTimeAsync(PROBE_MS);
    expect(dbAvailability()).toMatchObject({ up: false, lastError: "ECONNREFUSED" });
    stop();
  });

  it("ignores errors that are not about reaching the database", () => {
    expect(noteDbError(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
    expect(dbAvailability().up).toBe(true);
  });
});
