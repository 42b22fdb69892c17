/**
 * answerOnce on its own: one delivery answered once, a repeat given the first answer, and the kept
 * answer's number sealed to the one delivery it answered.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { relayWebhooks } from "@/lib/db/schema";
import { memoryDb } from "@/lib/testing/db";
import type { RelayAnswer } from "./answer";
import { answerOnce } from "./idempotency";

const whisper = { en: "A call about your order", "zh-CN": "来自订单的来电" };
const FORWARD: RelayAnswer = { action: "forward", to: "+8613912345678", whisper };
const now = new Date("2026-04-01T02:00:00Z");

let handle: DbHandle;
beforeAll(async () => {
  handle = await memoryDb();
});
afterAll(async () => handle?.close());

const once = (webhookId: string, requestHash = "hash-1", answer: RelayAnswer = FORWARD) => {
  let decided = 0;
  const result = answerOnce(handle.db, { provider: "standard", webhookId, requestHash, now }, async () => {
    decided += 1;
    return answer;
  });
  return result.then((outcome) => ({ outcome, decided }));
};

describe("answerOnce", () => {
  it("decides a delivery once; a repeat gets the same answer without deciding, a changed body is a conflict", async () => {
    expect(await once("msg_a")).toEqual({ outcome: { kind: "fresh", answer: FORWARD }, decided: 1 });
    expect(await once("msg_a")).toEqual({ outcome: { kind: "replay", answer: FORWARD }, decided: 0 });
    expect(await once("msg_a", "hash-2")).toEqual({ outcome: { kind: "conflict" }, decided: 0 });
    const [kept] = await handle.db.select().from(relayWebhooks).where(eq(relayWebhooks.webhookId, "msg_a"));
    expect(JSON.stringify(kept.response)).not.toContain("13912345678");
  });

  it("keeps each answer sealed to its own delivery: moved to another delivery's row, it does not open", async () => {
    await once("msg_b");
    await once("msg_c", "hash-1", { action: "reject", reason: "cooling" });
    const [b] = await handle.db.select().from(relayWebhooks).where(eq(relayWebhooks.webhookId, "msg_b"));
    await handle.db
      .update(relayWebhooks)
      .set({ response: b.response })
      .where(and(eq(relayWebhooks.provider, "standard"), eq(relayWebhooks.webhookId, "msg_c")));
    // Fails closed: the number sealed for msg_b is not given out for msg_c.
    expect(await once("msg_c")).toEqual({ outcome: { kind: "unavailable" }, decided: 0 });
    expect((await once("msg_b")).outcome).toEqual({ kind: "replay", answer: FORWARD });
  });
});
