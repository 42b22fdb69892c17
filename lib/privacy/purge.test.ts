/**
 * Retention and blocks: a block holds the caller's keyed hash, so it goes with the contact log once
 * the line has been stopped for RETENTION_DAYS, and not a moment before; a live line's blocks stay.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { bindings, blockedCallers, contactEvents } from "@/lib/db/schema";
import { blockCaller } from "@/lib/protection/contacts";
import { decideCall } from "@/lib/protection/relay";
import { DAY_MS } from "@/lib/settings";
import { memoryDb } from "@/lib/testing/db";
import { makeProtectedBuyer, placeProtectedOrder, STRANGER, seedRelayWorld } from "@/lib/testing/relay";
import { purgeExpiredContactData } from "./purge";

const T0 = new Date("2026-05-01T02:00:00Z");
const RETENTION_DAYS = 90;
let handle: DbHandle;
let merchantId: number;

beforeAll(async () => {
  handle = await memoryDb();
  ({ merchantId } = await seedRelayWorld(handle.db));
});
afterAll(async () => handle?.close());

/** A buyer whose line took a call from a stranger, who was then blocked on it. */
async function lineWithBlockedCaller() {
  const buyer = await makeProtectedBuyer(handle.db);
  const line = await placeProtectedOrder(handle.db, { buyerId: buyer.id, merchantId, now: T0 });
  const call = await decideCall(handle.db, { host: line.host, extension: line.extension, caller: STRANGER, now: T0 });
  if (call.contactEventId === undefined) throw new Error("the call was not logged");
  expect(
    await blockCaller(handle.db, { buyerId: buyer.id, contactEventId: call.contactEventId, now: T0 }),
  ).toMatchObject({ ok: true, alreadyBlocked: false });
  return { buyer, line };
}

const blocksOn = async (bindingId: string) =>
  handle.db
    .select({ hash: blockedCallers.callerHash })
    .from(blockedCallers)
    .where(eq(blockedCallers.bindingId, bindingId));

describe("purgeExpiredContactData and blocked callers", () => {
  it("removes a stopped line's blocks once retention is over, keeps them until then, keeps a live line's", async () => {
    const stopped = await lineWithBlockedCaller();
    const live = await lineWithBlockedCaller();
    const endedAt = new Date(T0.getTime() + DAY_MS);
    await handle.db
      .update(bindings)
      .set({ endedAt, endReason: "ended_early", coolUntil: new Date(endedAt.getTime() + 30 * DAY_MS) })
      .where(eq(bindings.id, stopped.line.bindingId));
    const [{ hash }] = await blocksOn(stopped.line.bindingId);

    const atCutoff = new Date(endedAt.getTime() + RETENTION_DAYS * DAY_MS);
    const kept = await purgeExpiredContactData(handle.db, { now: atCutoff, retentionDays: RETENTION_DAYS });
    expect(kept.contactEvents).toBe(0);
    expect(await blocksOn(stopped.line.bindingId)).toEqual([{ hash }]);

    const past = new Date(atCutoff.getTime() + 1);
    const purged = await purgeExpiredContactData(handle.db, { now: past, retentionDays: RETENTION_DAYS });
    expect(purged.contactEvents).toBe(1);
    expect(purged.cutoff).toEqual(new Date(endedAt.getTime() + 1));
    expect(await blocksOn(stopped.line.bindingId)).toEqual([]);
    // The caller's keyed hash is gone from the stopped line everywhere; the live line still blocks them.
    const logged = await handle.db
      .select({ hash: contactEvents.callerHash })
      .from(contactEvents)
      .where(eq(contactEvents.bindingId, stopped.line.bindingId));
    expect(logged.map((row) => row.hash)).not.toContain(hash);
    expect(await blocksOn(live.line.bindingId)).toEqual([{ hash }]);

    // Running again changes nothing.
    expect((await purgeExpiredContactData(handle.db, { now: past, retentionDays: RETENTION_DAYS })).contactEvents).toBe(
      0,
    );
    expect(await blocksOn(live.line.bindingId)).toEqual([{ hash }]);
  });
});
