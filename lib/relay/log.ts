import { maskCaller } from "@/lib/phone";
import type { RelayAnswer } from "./answer";

/** One line per answer, never with the forward target, and the caller masked. */
export function logAnswer(
  channel: string,
  extension: string,
  caller: string,
  answer: RelayAnswer,
  replay: boolean,
): void {
  const outcome = answer.action === "forward" ? "forward" : `reject ${answer.reason}`;
  console.info(
    `[relay] ${channel} ext ${extension.replace(/\D/g, "").slice(0, 4)} from ${maskCaller(caller)} → ${outcome}${replay ? " (replayed)" : ""}`,
  );
}
