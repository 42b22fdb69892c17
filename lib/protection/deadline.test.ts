/**
 * The relay's last check before commit: a decision whose deadline passed while it ran (a blocked event
 * loop, a slow disk: the timer has not fired yet) must not commit. The clock is `performance.now`,
 * moved by the test; nothing sleeps.
 */

import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type DbHandle, type Executor, resultRows } from "@/lib/db/client";
import { relayWebhooks } from "@/lib/db/schema";
import { answerOnce } from "@/lib/relay/idempotency";
import { aroundTransactions, memoryDb } from "@/lib/testing/db";
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

describe("runFailClosed's timer and its log", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("answers the fallback at the deadline while the work still runs, and the work then commits nothing", async () => {
    const before = await relayRowCounts(handle.db);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // The clock stands still: only the timer can tell that the deadline passed.
    holdClock();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const answer = runFailClosed<RelayDecision | "too late">(
      handle.db,
      async (tx) => {
        const decision = await decideContactIn(tx, call());
        await held;
        finished = true;
        return decision;
      },
      "too late",
      100,
    );
    expect(await Promise.race([answer, sleep(5_000).then(() => "no answer")])).toBe("too late");
    expect(finished).toBe(false);
    expect(warn).toHaveBeenCalledWith("[relay] decision timed out after 100 ms: rejected");
    release();
    await vi.waitFor(() => expect(finished).toBe(true));
    await sleep(100);
    expect(await relayRowCounts(handle.db)).toEqual(before);
  });

  it("leaves the answer to a decision that passed its last check, even when the timer fires during the commit", async () => {
    const realSetTimeout = globalThis.setTimeout;
    let fire = () => {};
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, ms?: number) => {
      if (ms !== 54_321) return realSetTimeout(callback, ms);
      fire = callback;
      return realSetTimeout(() => {}, 0);
    }) as typeof setTimeout);
    // The timer fires between the work's last check and the commit.
    const committing = aroundTransactions(handle.db, (run) =>
      handle.db.transaction(async (tx) => {
        const value = await run(tx);
        fire();
        return value;
      }),
    );
    const before = await relayRowCounts(handle.db);
    const answer = await runFailClosed(committing, (tx) => decideContactIn(tx, call()), null, 54_321);
    expect(answer).toMatchObject({ action: "forward" });
    expect((await relayRowCounts(handle.db)).contact_events).toBe(before.contact_events + 1);
  });

  it("clears its timer once the work answers: no late warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await runFailClosed(handle.db, async () => "done", "too late", 50)).toBe("done");
    await sleep(120);
    expect(warn).not.toHaveBeenCalled();
  });

  it("clears its timer when the work fails too: the failure is logged, and no timeout after it", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const failing = async (): Promise<string> => {
      throw new Error("boom");
    };
    expect(await runFailClosed(handle.db, failing, "fallback", 50)).toBe("fallback");
    await sleep(120);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ["the error's own code", Object.assign(new Error("serialization failure"), { code: "40001" }), "40001"],
    [
      "a code in its causes",
      new Error("query failed", { cause: new Error("x", { cause: { code: "57014" } }) }),
      "57014",
    ],
    ["its class when no cause in five has a code", nested(5, { code: "XX000" }), "Error"],
    ["its class when its causes loop", looped(), "Error"],
    ["what it is when it is no Error", "a string", "string"],
  ])("logs a failure with %s, and answers the fallback", async (_name, error, code) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = await runFailClosed(
      handle.db,
      async () => {
        throw error;
      },
      "fallback",
      60_000,
    );
    expect(answer).toBe("fallback");
    expect(logged).toHaveBeenCalledWith(`[relay] decision failed (${code}): rejected`);
  });

  it("bounds each statement and each lock wait of the work by its deadline, for that transaction only", async () => {
    const settingsOf = (tx: Executor) =>
      tx.execute(
        sql`select current_setting('statement_timeout') as statement, current_setting('lock_timeout') as lock`,
      );
    const inside = await runFailClosed(handle.db, async (tx) => resultRows(await settingsOf(tx))[0], null, 1_234.5);
    expect(inside).toEqual({ statement: "1235ms", lock: "1235ms" });
    expect(resultRows(await settingsOf(handle.db))[0]).toEqual({ statement: "0", lock: "0" });
  });

  it("does not log a decision past its deadline as a failure", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    holdClock();
    const answer = await runFailClosed(
      handle.db,
      async () => {
        clock.at += 60_001;
        return "late";
      },
      "fallback",
      60_000,
    );
    expect(answer).toBe("fallback");
    expect(logged).not.toHaveBeenCalled();
  });
});

/** An error whose code sits `depth` causes down. */
function nested(depth: number, last: object): Error {
  let error: object = last;
  for (let i = 0; i < depth; i += 1) error = new Error(`level ${i}`, { cause: error });
  return error as Error;
}

function looped(): Error {
  const a = new Error("a");
  const b = new Error("b", { cause: a });
  (a as { cause?: unknown }).cause = b;
  return a;
}
