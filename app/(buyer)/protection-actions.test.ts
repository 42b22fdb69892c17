/**
 * Turning protection off through the real server action, signed in with a real session: "keep" leaves
 * every live line working (the relay still forwards), "end" ends them, and neither touches another buyer.
 */
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { authSessions, bindings, protectionSettings } from "@/lib/db/schema";
import { decideCall } from "@/lib/protection/relay";
import { memoryDb } from "@/lib/testing/db";
import { makeProtectedBuyer, placeProtectedOrder, STRANGER, seedRelayWorld } from "@/lib/testing/relay";
import { requestContext, signInAs } from "@/lib/testing/session";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));
vi.mock("next/headers", async () => (await import("@/lib/testing/session")).nextHeaders);
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { turnOffAction } = await import("./actions");

let handle: DbHandle;
let merchantId: number;
beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
  ({ merchantId } = await seedRelayWorld(handle.db));
});
afterAll(async () => handle?.close());
beforeEach(() => requestContext.reset());

/** A buyer with protection on and two live lines. */
async function buyerWithLines() {
  const buyer = await makeProtectedBuyer(handle.db);
  const now = new Date();
  const lines = [
    await placeProtectedOrder(handle.db, { buyerId: buyer.id, merchantId, now }),
    await placeProtectedOrder(handle.db, { buyerId: buyer.id, merchantId, now }),
  ];
  return { ...buyer, lines };
}

const liveLines = async (buyerId: string) =>
  (
    await handle.db
      .select({ id: bindings.id })
      .from(bindings)
      .where(and(eq(bindings.buyerId, buyerId), isNull(bindings.endedAt)))
  ).length;

const enabled = async (buyerId: string) =>
  (
    await handle.db
      .select({ enabled: protectionSettings.enabled })
      .from(protectionSettings)
      .where(eq(protectionSettings.buyerId, buyerId))
  )[0]?.enabled;

const turnOff = (mode?: string) => {
  const data = new FormData();
  if (mode) data.set("mode", mode);
  return turnOffAction({ status: "idle" }, data);
};

describe("turnOffAction", () => {
  it('"keep": protection is off for new orders, and the live lines still forward calls', async () => {
    const buyer = await buyerWithLines();
    await signInAs(handle.db, { userId: buyer.id });
    expect(await turnOff("keep")).toEqual({
      status: "success",
      message: "Protection is off for new orders. Your live lines keep working until they end.",
    });
    expect(await enabled(buyer.id)).toBe(false);
    expect(await liveLines(buyer.id)).toBe(2);
    const call = await decideCall(handle.db, {
      host: buyer.lines[0].host,
      extension: buyer.lines[0].extension,
      caller: STRANGER,
      now: new Date(),
    });
    expect(call).toMatchObject({ action: "forward", to: `+86${buyer.phone}` });

    expect(await turnOff("keep")).toEqual({ status: "success", message: "Protection was already off." });
    expect(await liveLines(buyer.id)).toBe(2);
  });

  it('"end": the live lines end now, and the message counts them; another buyer keeps theirs', async () => {
    const buyer = await buyerWithLines();
    const bystander = await buyerWithLines();
    await signInAs(handle.db, { userId: buyer.id });
    expect(await turnOff("end")).toEqual({
      status: "success",
      message: "Protection is off. 2 live lines ended now.",
    });
    expect(await enabled(buyer.id)).toBe(false);
    expect(await liveLines(buyer.id)).toBe(0);
    expect(await liveLines(bystander.id)).toBe(2);
    expect(await enabled(bystander.id)).toBe(true);
  });

  it("without a choice, or without a live session, changes nothing", async () => {
    const buyer = await buyerWithLines();
    const { sid } = await signInAs(handle.db, { userId: buyer.id });
    expect(await turnOff()).toMatchObject({
      status: "error",
      fieldErrors: { mode: ["Choose what happens to your live lines."] },
    });
    expect(await turnOff("pause")).toMatchObject({ status: "error", fieldErrors: { mode: expect.any(Array) } });

    await handle.db.update(authSessions).set({ revokedAt: new Date() }).where(eq(authSessions.id, sid));
    expect(await turnOff("end")).toEqual({ status: "error", message: "Your session has ended. Sign in again." });
    requestContext.reset();
    expect(await turnOff("end")).toEqual({ status: "error", message: "Your session has ended. Sign in again." });

    expect(await enabled(buyer.id)).toBe(true);
    expect(await liveLines(buyer.id)).toBe(2);
  });
});
