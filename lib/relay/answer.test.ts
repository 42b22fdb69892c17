/**
 * The relay's kept answers: what is stored for a repeated webhook holds the real number only sealed,
 * bound to the one webhook it answered, and reads back as the same answer.
 */
import { describe, expect, it } from "vitest";
import { type RelayAnswer, sealAnswer, toAnswer, unsealAnswer } from "./answer";

const whisper = { en: "A call about your order", "zh-CN": "来自订单的来电" };
const BINDING = "relay:standard:msg_1";

describe("sealAnswer and unsealAnswer", () => {
  it("keep a forward's number only sealed to its webhook, and give the same answer back", () => {
    const answer: RelayAnswer = { action: "forward", to: "+8613912345678", whisper, pickupCode: "5-2-1043" };
    const sealed = sealAnswer(answer, BINDING);
    expect(JSON.stringify(sealed)).not.toContain("13912345678");
    expect(sealed).toMatchObject({ action: "forward", whisper, pickupCode: "5-2-1043" });
    expect(unsealAnswer(sealed as Record<string, unknown>, BINDING)).toEqual(answer);
    // Sealed to another webhook's id, it does not open.
    expect(() => unsealAnswer(sealed as Record<string, unknown>, "relay:standard:msg_2")).toThrow();
  });

  it("give a forward without a pickup code back without one", () => {
    const answer: RelayAnswer = { action: "forward", to: "+8613912345678", whisper };
    const back = unsealAnswer(sealAnswer(answer, BINDING) as Record<string, unknown>, BINDING);
    expect(back).toEqual(answer);
    expect("pickupCode" in back).toBe(false);
  });

  it("keep a refusal as it is, with its reason and any pickup code", () => {
    const refusal: RelayAnswer = { action: "reject", reason: "cooling", pickupCode: "8899" };
    expect(sealAnswer(refusal, BINDING)).toEqual(refusal);
    expect(unsealAnswer({ ...refusal }, BINDING)).toEqual(refusal);
  });

  it("read an answer kept before the whisper was keyed by language, in both languages", () => {
    const { toSealed } = sealAnswer({ action: "forward", to: "+8613912345678", whisper }, BINDING) as {
      toSealed: string;
    };
    expect(unsealAnswer({ action: "forward", toSealed, whisper: "Old whisper", whisperZh: "旧提示" }, BINDING)).toEqual(
      {
        action: "forward",
        to: "+8613912345678",
        whisper: { en: "Old whisper", "zh-CN": "旧提示" },
      },
    );
    expect(unsealAnswer({ action: "forward", toSealed, whisper: "Old whisper" }, BINDING)).toMatchObject({
      whisper: { en: "Old whisper", "zh-CN": "Old whisper" },
    });
  });

  it("refuse a kept answer with no action", () => {
    expect(() => unsealAnswer({ reason: "cooling" }, BINDING)).toThrow("stored relay answer has no action");
  });
});

describe("toAnswer", () => {
  it("carries a pickup code only when the decision found one", () => {
    expect(toAnswer({ action: "reject", reason: "cooling" })).toEqual({ action: "reject", reason: "cooling" });
    expect(toAnswer({ action: "reject", reason: "cooling", pickupCode: null, station: null })).toEqual({
      action: "reject",
      reason: "cooling",
    });
    expect(toAnswer({ action: "reject", reason: "cooling", pickupCode: "8899", station: null })).toEqual({
      action: "reject",
      reason: "cooling",
      pickupCode: "8899",
    });
  });
});
