import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import { decideContactIn, recordMessageIn } from "@/lib/protection/relay";
import { type RelayAnswer, toAnswer, UNAVAILABLE_ANSWER } from "./answer";
import { checkDeclaredLength, jsonError, mediaType, readBody, type Step, withSecurityHeaders } from "./http";
import { answerOnce } from "./idempotency";
import { logAnswer } from "./log";

/** What every provider's request comes down to: one call or message to a special line. */
export type Contact = { host: string; extension: string; from: string } & (
  | { channel: "call" }
  | { channel: "message"; text: string }
);

/** A parsed request: a contact to decide once per delivery, or an answer that needs no decision. */
export type Parsed = { contact: Contact; deliveryId: string } | { reply: Response };

export type Outcome =
  | { kind: "answer"; answer: RelayAnswer; replay: boolean }
  | { kind: "conflict" }
  | { kind: "unavailable" };

/**
 * A provider's wire format: how its requests are signed, what they say, and how it wants its answer.
 * Everything else (size, media type, idempotency, the decision and its deadline, the log) is the pipeline's.
 */
export type RelayAdapter<Verified> = {
  /** Namespace of delivery ids, and the name in the log. */
  provider: string;
  mediaType: string;
  /** May throw when the provider's secret is not configured: that is a 500, never a guess. */
  verify: (request: Request, body: string) => Step<Verified>;
  parse: (body: string, verified: Verified, request: Request) => Step<Parsed>;
  render: (outcome: Outcome, contact: Contact) => Response;
};

function requestHash(contact: Contact): string {
  const text = contact.channel === "message" ? contact.text : "";
  return createHash("sha256")
    .update([contact.channel, contact.host, contact.extension, contact.from, text].join("\n"))
    .digest("hex");
}

/** Fails closed: any error, or the decision outliving RELAY_DECISION_TIMEOUT_MS, is `unavailable`, nothing kept. */
async function decide(provider: string, deliveryId: string, contact: Contact): Promise<Outcome> {
  const now = new Date();
  try {
    const db = await getDb();
    const result = await answerOnce(
      db,
      { provider, webhookId: deliveryId, requestHash: requestHash(contact), now },
      async (tx) =>
        toAnswer(
          contact.channel === "call"
            ? await decideContactIn(tx, { ...contact, caller: contact.from, now })
            : await recordMessageIn(tx, { ...contact, sender: contact.from, now }),
        ),
    );
    if (result.kind === "fresh" || result.kind === "replay") {
      return { kind: "answer", answer: result.answer, replay: result.kind === "replay" };
    }
    return { kind: result.kind };
  } catch (error) {
    // The name only: a query error's message carries its bound parameters.
    console.error(`[relay] database unavailable: ${error instanceof Error ? error.name : typeof error}`);
    return { kind: "unavailable" };
  }
}

async function carry<V>(adapter: RelayAdapter<V>, request: Request): Promise<Response> {
  const declared = checkDeclaredLength(request);
  if (!declared.ok) return declared.response;
  if (mediaType(request) !== adapter.mediaType) {
    return jsonError(415, "unsupported_media_type", `Send ${adapter.mediaType}.`);
  }
  const body = await readBody(request);
  if (!body.ok) return body.response;

  let verified: Step<V>;
  try {
    verified = adapter.verify(request, body.value);
  } catch (error) {
    console.error(`[relay] ${adapter.provider} not configured: ${error instanceof Error ? error.message : error}`);
    return jsonError(500, "relay_not_configured", `The ${adapter.provider} relay is not configured.`);
  }
  if (!verified.ok) return verified.response;

  const parsed = adapter.parse(body.value, verified.value, request);
  if (!parsed.ok) return parsed.response;
  if ("reply" in parsed.value) return parsed.value.reply;
  const { contact, deliveryId } = parsed.value;

  const deciding = performance.now();
  const outcome = await decide(adapter.provider, deliveryId, contact);
  const decidedInMs = performance.now() - deciding;
  if (outcome.kind !== "conflict") {
    const answer = outcome.kind === "answer" ? outcome.answer : UNAVAILABLE_ANSWER;
    logAnswer(
      `${adapter.provider} ${contact.channel}`,
      contact.extension,
      contact.from,
      answer,
      !!("replay" in outcome && outcome.replay),
    );
  }
  const response = adapter.render(outcome, contact);
  // How long the decision took (its deadline is RELAY_DECISION_TIMEOUT_MS): the fault suite checks it.
  response.headers.set("server-timing", `decide;dur=${decidedInMs.toFixed(1)}`);
  return response;
}

/**
 * A route handler for one provider endpoint. Steps, in order: declared size and media type, the body
 * read under its cap and deadline, signature, parse, idempotency and the decision (fail closed), log,
 * render. Each refusal is a 4xx that writes nothing.
 */
export function relayRoute<V>(adapter: RelayAdapter<V>): (request: Request) => Promise<Response> {
  return async (request) => withSecurityHeaders(request, await carry(adapter, request));
}
