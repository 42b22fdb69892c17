import "server-only";
import { createHash } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { decideContactIn, MAX_MESSAGE_CHARS, recordMessageIn } from "@/lib/protection/relay";
import { type RelayAnswer, toAnswer, UNAVAILABLE_ANSWER } from "./answer";
import { jsonAnswer, jsonError, mediaType, readCappedBody } from "./http";
import { answerOnce } from "./idempotency";
import { logAnswer } from "./log";
import { relaySecrets } from "./secrets";

const phoneLike = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^\+?[0-9][0-9 ()-]*$/, "must be a phone number");

export const callBody = z.object({
  to: phoneLike,
  extension: z.string().regex(/^\d{4}$/, "must be 4 digits"),
  from: z.union([phoneLike, z.literal("anonymous")]),
});
export const messageBody = callBody.extend({ text: z.string().min(1).max(MAX_MESSAGE_CHARS) });

type Verified = { ok: true; webhookId: string } | { ok: false; response: Response };

/** Standard Webhooks: `webhook-id`, `webhook-timestamp` (5-minute window), `webhook-signature` (v1 HMAC). */
export function verifyStandardWebhook(body: string, headers: Headers, secret: string): Verified {
  const webhookId = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signature = headers.get("webhook-signature");
  const unauthorized = (error: string, message: string) => ({
    ok: false as const,
    response: jsonError(401, error, message),
  });
  if (!webhookId || !timestamp || !signature) {
    return unauthorized("missing_signature", "webhook-id, webhook-timestamp and webhook-signature are required.");
  }
  if (!/^[\x21-\x7e]{1,128}$/.test(webhookId)) return unauthorized("bad_webhook_id", "webhook-id is malformed.");
  if (!/^\d{1,12}$/.test(timestamp)) return unauthorized("bad_timestamp", "webhook-timestamp must be Unix seconds.");
  if (signature.length > 1024) return unauthorized("bad_signature", "webhook-signature is malformed.");
  try {
    new Webhook(secret).verify(
      body,
      { "webhook-id": webhookId, "webhook-timestamp": timestamp, "webhook-signature": signature },
      { jsonParse: false },
    );
  } catch (error) {
    if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message)) {
      return unauthorized("stale_timestamp", "webhook-timestamp is outside the 5-minute window.");
    }
    return unauthorized("bad_signature", "No matching signature.");
  }
  return { ok: true, webhookId };
}

function wire(answer: RelayAnswer) {
  if (answer.action === "forward") {
    const { to, whisper, whisperZh, pickupCode } = answer;
    return { action: "forward", to, whisper, whisperZh, ...(pickupCode ? { pickupCode } : {}) };
  }
  return { action: "reject", reason: answer.reason, ...(answer.pickupCode ? { pickupCode: answer.pickupCode } : {}) };
}

/**
 * `POST /api/relay/call` and `/api/relay/message`. Order of checks: size, media type, signature, JSON,
 * shape; each failure is a 4xx with a JSON error and writes nothing. A repeated webhook-id gets the
 * first answer.
 */
export async function handleStandardWebhook(request: Request, kind: "call" | "message"): Promise<Response> {
  const body = await readCappedBody(request);
  if (!body.ok) return body.response;
  if (mediaType(request) !== "application/json") {
    return jsonError(415, "unsupported_media_type", "Send application/json.");
  }
  let secret: string;
  try {
    secret = relaySecrets().RELAY_SIGNING_SECRET;
  } catch (error) {
    console.error(`[relay] not configured: ${error instanceof Error ? error.message : String(error)}`);
    return jsonError(500, "relay_not_configured", "The relay's signing secret is not configured.");
  }
  const verified = verifyStandardWebhook(body.text, request.headers, secret);
  if (!verified.ok) return verified.response;

  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return jsonError(400, "malformed_json", "The body is not valid JSON.");
  }
  const parsed = (kind === "call" ? callBody : messageBody).safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
    return jsonError(400, "invalid_body", fields.slice(0, 5).join("; "));
  }
  const input = parsed.data;
  const now = new Date();
  const requestHash = createHash("sha256").update(`${kind}\n${body.text}`).digest("hex");

  let result: Awaited<ReturnType<typeof answerOnce>>;
  try {
    const db = await getDb();
    result = await answerOnce(
      db,
      { provider: "standard", webhookId: verified.webhookId, requestHash, now },
      async (tx) =>
        toAnswer(
          kind === "call"
            ? await decideContactIn(tx, { host: input.to, extension: input.extension, caller: input.from, now })
            : await recordMessageIn(tx, {
                host: input.to,
                extension: input.extension,
                sender: input.from,
                text: (input as z.infer<typeof messageBody>).text,
                now,
              }),
        ),
    );
  } catch (error) {
    console.error(`[relay] database unavailable: ${error instanceof Error ? error.name : typeof error}`);
    result = { kind: "unavailable" };
  }

  switch (result.kind) {
    case "conflict":
      return jsonError(409, "webhook_id_reused", "This webhook-id was already used for a different request.");
    case "unavailable":
      logAnswer(kind, input.extension, input.from, UNAVAILABLE_ANSWER, false);
      return Response.json(wire(UNAVAILABLE_ANSWER), {
        status: 503,
        headers: { "retry-after": "1", "cache-control": "no-store" },
      });
    default:
      logAnswer(kind, input.extension, input.from, result.answer, result.kind === "replay");
      return jsonAnswer(wire(result.answer));
  }
}
