import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { drivers } from "@/lib/testing/db";
import {
  MERCHANT_PHONE,
  makeProtectedBuyer,
  type PlacedLine,
  placeProtectedOrder,
  relayRowCounts,
  seedRelayWorld,
} from "@/lib/testing/relay";
import { jsonAnswer, refuse } from "./http";
import type { Contact, Outcome, RelayAdapter } from "./pipeline";

const state = vi.hoisted(() => ({ db: undefined as unknown, fail: false }));
vi.mock("@/lib/db", () => ({
  getDb: async () => {
    if (state.fail) throw new Error("connect ECONNREFUSED 10.0.0.7:5432 for password hunter2");
    return state.db;
  },
}));

const { relayRoute } = await import("./pipeline");

/**
 * A provider of the simplest wire format, so that what is tested is the pipeline's own part: its body is
 * `{ id, contact }`, signed by the word "signed" in a header, and the answer is the outcome itself.
 */
const adapter: RelayAdapter<string> = {
  provider: "fake",
  mediaType: "application/json",
  verify: (request) => {
    const signature = request.headers.get("x-fake-signature");
    if (signature === "throw") throw new Error("FAKE_SECRET is not set");
    if (signature === "throw a string") throw "no secret";
    return signature === "signed" ? { ok: true, value: signature } : refuse(401, "bad_signature", "Not signed.");
  },
  parse: (body) => {
    const { id, contact } = JSON.parse(body) as { id: string; contact: Contact };
    return { ok: true, value: { deliveryId: id, contact } };
  },
  render: (outcome: Outcome) => jsonAnswer(outcome, outcome.kind === "conflict" ? 409 : 200),
};
const route = relayRoute(adapter);

function post(body: unknown, { signature = "signed", type = "application/json" } = {}): Request {
  return new Request("http://localhost:3000/api/relay/fake", {
    method: "POST",
    headers: { "content-type": type, "x-fake-signature": signature },
    body: JSON.stringify(body),
  });
}

const deliveryId = () => `fake_${randomBytes(8).toString("hex")}`;

describe.each(drivers())("the relay pipeline on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let merchantId: number;
  let line: PlacedLine;
  let info: ReturnType<typeof vi.spyOn>;
  let error: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
    state.db = db;
    ({ merchantId } = await seedRelayWorld(db));
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    state.fail = false;
    const buyer = await makeProtectedBuyer(db);
    line = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: new Date() });
    info = vi.spyOn(console, "info").mockImplementation(() => {});
    error = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const call = (): Contact => ({ channel: "call", host: line.host, extension: line.extension, from: MERCHANT_PHONE });
  const logged = () => info.mock.calls.map((args: unknown[]) => String(args[0]));

  it("logs one line per answer with the provider and channel, and marks a replay as replayed", async () => {
    const id = deliveryId();
    const first = await route(post({ id, contact: call() }));
    expect(await first.json()).toMatchObject({ kind: "answer", answer: { action: "forward" }, replay: false });
    const again = await route(post({ id, contact: call() }));
    expect(await again.json()).toMatchObject({ kind: "answer", answer: { action: "forward" }, replay: true });
    expect(logged()).toEqual([
      `[relay] fake call ext ${line.extension} from *******${MERCHANT_PHONE.slice(-4)} → forward`,
      `[relay] fake call ext ${line.extension} from *******${MERCHANT_PHONE.slice(-4)} → forward (replayed)`,
    ]);
  });

  it("says how long the decision took in Server-Timing, within the request's own time", async () => {
    const started = performance.now();
    const response = await route(post({ id: deliveryId(), contact: call() }));
    const elapsed = performance.now() - started;
    const timing = response.headers.get("server-timing") ?? "";
    expect(timing).toMatch(/^decide;dur=\d+\.\d$/);
    const duration = Number(timing.slice("decide;dur=".length));
    expect(duration).toBeGreaterThan(0);
    expect(duration).toBeLessThanOrEqual(elapsed);
  });

  it("does not log a reused delivery id with another request, and answers it as a conflict", async () => {
    const id = deliveryId();
    await route(post({ id, contact: call() }));
    const before = await relayRowCounts(db);
    const reused = await route(post({ id, contact: { ...call(), from: "13700001234" } }));
    expect(reused.status).toBe(409);
    expect(await reused.json()).toEqual({ kind: "conflict" });
    expect(logged()).toHaveLength(1);
    expect(await relayRowCounts(db)).toEqual(before);
  });

  it("keeps the fields apart in the request's hash: a message whose sender and text only run together is another request", async () => {
    const id = deliveryId();
    const message = (from: string, text: string): Contact => ({ ...call(), channel: "message", from, text });
    const first = await route(post({ id, contact: message("10690000123", "5 您的包裹已到") }));
    expect((await first.json()).kind).toBe("answer");
    const other = await route(post({ id, contact: message("106900001235", " 您的包裹已到") }));
    expect(await other.json()).toEqual({ kind: "conflict" });
  });

  it("fails closed when the database is down, logging only the error's name", async () => {
    state.fail = true;
    const response = await route(post({ id: deliveryId(), contact: call() }));
    expect(await response.json()).toEqual({ kind: "unavailable" });
    expect(error.mock.calls).toEqual([["[relay] database unavailable: Error"]]);
    expect(logged()).toEqual([
      `[relay] fake call ext ${line.extension} from *******${MERCHANT_PHONE.slice(-4)} → reject unavailable`,
    ]);
  });

  it("is a 500 that names the provider when its secret is not configured, and decides nothing", async () => {
    const before = await relayRowCounts(db);
    for (const [signature, cause] of [
      ["throw", "FAKE_SECRET is not set"],
      ["throw a string", "no secret"],
    ]) {
      const response = await route(post({ id: deliveryId(), contact: call() }, { signature }));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: "relay_not_configured",
        message: "The fake relay is not configured.",
      });
      expect(error).toHaveBeenLastCalledWith(`[relay] fake not configured: ${cause}`);
    }
    expect(logged()).toEqual([]);
    expect(await relayRowCounts(db)).toEqual(before);
  });

  it("refuses another media type by naming the one it takes", async () => {
    const response = await route(post({ id: deliveryId(), contact: call() }, { type: "text/plain" }));
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: "unsupported_media_type", message: "Send application/json." });
  });
});
