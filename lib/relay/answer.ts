import "server-only";
import { decryptPhone, encryptPhone } from "@/lib/crypto/phone";
import type { MessageDecision, RejectReason, RelayDecision } from "@/lib/protection/relay";
import { type Localised, whisperFor } from "./prompts";

/** What a provider is told: the whole of a relay answer, whatever the wire format. */
export type RelayAnswer =
  | { action: "forward"; to: string; whisper: Localised; pickupCode?: string }
  | { action: "reject"; reason: RejectReason; pickupCode?: string };

export const UNAVAILABLE_ANSWER: RelayAnswer = { action: "reject", reason: "unavailable" };

export function toAnswer(decision: RelayDecision | MessageDecision): RelayAnswer {
  const pickupCode = "pickupCode" in decision && decision.pickupCode ? { pickupCode: decision.pickupCode } : {};
  if (decision.action === "forward") {
    return { action: "forward", to: decision.to, whisper: whisperFor(decision.about), ...pickupCode };
  }
  return { action: "reject", reason: decision.reason, ...pickupCode };
}

type Sealed =
  | { action: "forward"; toSealed: string; whisper: Localised; pickupCode?: string }
  | { action: "reject"; reason: RejectReason; pickupCode?: string };

/** For storage: the real number is encrypted, bound to the webhook it answered. */
export function sealAnswer(answer: RelayAnswer, binding: string): Sealed {
  if (answer.action !== "forward") return answer;
  const { to, ...rest } = answer;
  return { ...rest, toSealed: encryptPhone(to, binding) };
}

export function unsealAnswer(stored: Record<string, unknown>, binding: string): RelayAnswer {
  const sealed = stored as Sealed;
  if (sealed.action === "forward") {
    const { toSealed, whisper, pickupCode } = sealed;
    // Answers kept (24 hours) from before the whisper was keyed by locale.
    const legacy = stored as { whisper: unknown; whisperZh?: string };
    const localised =
      typeof legacy.whisper === "string"
        ? ({ en: legacy.whisper, "zh-CN": legacy.whisperZh ?? legacy.whisper } as Localised)
        : whisper;
    return {
      action: "forward",
      to: decryptPhone(toSealed, binding),
      whisper: localised,
      ...(pickupCode ? { pickupCode } : {}),
    };
  }
  if (sealed.action === "reject") return sealed;
  throw new Error("stored relay answer has no action");
}
