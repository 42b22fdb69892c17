/**
 * The relay's last check before commit: a decision whose deadline passed while it ran (a blocked event
 * loop, a slow disk: the timer has not fired yet) must not commit. The clock is `performance.now`,
 * moved by the test; nothing sleeps.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { relayWebhooks } from "@/lib/db/schema";
import { answerOnce } from "@/lib/relay/idempotency";
import { memoryDb } from "@/lib/testing/db";
import {
  makeProtectedBuyer,
  type PlacedLine,
  placeProtectedOrder,
  relayRowCounts,
  STRANGER,
  seedRelayWorld,
} from "@/lib/testing/relay";
import { decideCall, decideContactIn, type RelayDecision, runFailClosed } from "./relay";

const TIMEOUT_MS = 60_000;
let handle: DbHandle;
let line: PlacedLine;
let buyerPhone: string;

beforeAll(async () => {
  handle = await memoryDb();
  const { merchantId } = await seedRelayWorld(handle.db);
  const buyer = await makeProtectedBuyer(handle.db);
  buyerPhone = buyer.phone;
  line = await placeProtectedOrder(handle.db, { buyerId: buyer.id, merchantId, now: new Date() });
});
afterAll(async () => handle?.close());
afterEach(() => vi.restoreAllMocks());

/** `performance.now()` under the test's hand: it reads `clock.at` and moves only when the test moves it. */
const clock = { at: 1_000 };
function holdClock() {
  clock.at = 1_000;
  vi.spyOn(performance, "now").mockImplementation(() => clock.at);
}

const call = () => ({ host: line.host, extension: line.extension, caller: STRANGER, now: new Date() });

describe("runFailClosed's check before commit", () => {
  it("a decision that ran past its deadline answers the fallback and commits nothing", async () => {
    const before = await relayRowCounts(handle.db);
    holdClock();
    const answer = await runFailClosed<RelayDecision | "too late">(
      handle.db,
      async (tx) => {
        const decision = await decideContactIn(tx, call());
        expect(decision).toMatchObject({ action: "forward", to: `+86${buyerPhone}` });
        clock.at += TIMEOUT_MS + 0.5;
        return decision;
      },
      "too late",
      TIMEOUT_MS,
    );
    expect(answer).toBe("too late");
    expect(await relayRowCounts(handle.db)).toEqual(before);
  });

  it("a decision that ends exactly at its deadline still commits", async () => {
    const before = await relayRowCounts(handle.db);
    holdClock();
    const answer = await runFailClosed(
      handle.db,
      async (tx) => {
        const decision = await decideContactIn(tx, call());
        clock.at += TIMEOUT_MS;
        return decision;
      },
      null,
      TIMEOUT_MS,
    );
    expect(answer).toMatchObject({ action: "forward" });
    expect((await relayRowCounts(handle.db)).contact_events).toBe(before.contact_events + 1);
  });

  it("decideCall: a late call is unavailable and not logged on the order", async () => {
    const before = await relayRowCounts(handle.db);
    // The first reading sets the deadline; every later one is past it.
    vi.spyOn(performance, "now")
      .mockImplementationOnce(() => 1_000)
      .mockImplementation(() => 1_000 + 10 * 60_000);
    expect(await decideCall(handle.db, call())).toEqual({ action: "reject", reason: "unavailable" });
    expect(await relayRowCounts(handle.db)).toEqual(before);

    vi.restoreAllMocks();
    expect(await decideCall(handle.db, call())).toMatchObject({ action: "forward" });
    expect((await relayRowCounts(handle.db)).contact_events).toBe(before.contact_events + 1);
  });

  it("a late webhook keeps no claim on its id, so the provider's retry is decided afresh", async () => {
    const delivery = { provider: "test", webhookId: "msg_late", requestHash: "h", now: new Date() };
    const before = await relayRowCounts(handle.db);
    holdClock();
    const late = await answerOnce(handle.db, delivery, async () => {
      clock.at += 10 * 60_000;
      return { action: "reject", reason: "unknown" };
    });
    expect(late).toEqual({ kind: "unavailable" });
    expect(await relayRowCounts(handle.db)).toEqual(before);

    vi.restoreAllMocks();
    const retry = await answerOnce(handle.db, delivery, async () => ({ action: "reject", reason: "unknown" }));
    expect(retry).toEqual({ kind: "fresh", answer: { action: "reject", reason: "unknown" } });
    expect(await handle.db.select({ id: relayWebhooks.webhookId }).from(relayWebhooks)).toEqual([{ id: "msg_late" }]);
  });
});
