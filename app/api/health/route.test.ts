/**
 * The health route, as a load balancer or the monitor sees it: 200 only when the database answers,
 * else 503 with when it went down; never cached.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { dbAvailability, markDbUp } from "@/lib/db/availability";
import type { DbHandle } from "@/lib/db/client";
import { memoryDb } from "@/lib/testing/db";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));

const { GET, dynamic } = await import("./route");

let handle: DbHandle;
beforeAll(async () => {
  handle = await memoryDb();
});
afterAll(async () => handle?.close());
beforeEach(() => {
  state.db = handle.db;
  markDbUp();
});

describe("GET /api/health", () => {
  it("answers 200 ok, not cached, when the database answers; it is never prerendered", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
    expect(dynamic).toBe("force-dynamic");
  });

  it("answers 503 with the time the database went away when a connection fails, and marks it down", async () => {
    const before = Date.now();
    state.db = { execute: () => Promise.reject(Object.assign(new Error("connect refused"), { code: "ECONNREFUSED" })) };
    const response = await GET();
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({ status: "unavailable", database: "unavailable", since: expect.any(String) });
    expect(Date.parse(body.since)).toBeGreaterThanOrEqual(before - 1);
    expect(dbAvailability()).toMatchObject({ up: false, lastError: "ECONNREFUSED" });
    // Back: the next probe answers 200 again.
    state.db = handle.db;
    expect((await GET()).status).toBe(200);
  });

  it("answers 503 when the database does not answer within the probe's limit, without waiting for it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      state.db = { execute: () => new Promise(() => {}) };
      const pending = GET();
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await pending).status).toBe(503);
    } finally {
      vi.useRealTimers();
    }
  });
});
