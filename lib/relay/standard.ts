import "server-only";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "@/lib/i18n/config";
import { MAX_MESSAGE_CHARS } from "@/lib/protection/relay";
import type { RelayAnswer } from "./answer";
import { invalidBody, jsonAnswer, jsonError, plainText, refuse, type Step } from "./http";
import type { Parsed, RelayAdapter } from "./pipeline";
import { relaySecrets } from "./secrets";

const phoneLike = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^\+?[0-9][0-9 ()-]*$/, "must be a phone number");

export const callBody = z.object({
  to: phoneLike,
  extension: z.string().regex(/^\d{1,4}$/, "must be 1 to 4 digits"),
  from: z.union([phoneLike, z.literal("anonymous")]),
});
export const messageBody = callBody.extend({ text: plainText.min(1).max(MAX_MESSAGE_CHARS) });

/** Standard Webhooks: `webhook-id`, `webhook-timestamp` (5-minute window), `webhook-signature` (v1 HMAC). */
export function verifyStandardWebhook(body: string, headers: Headers, secret: string): Step<string> {
  const webhookId = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signature = headers.get("webhook-signature");
  if (!webhookId || !timestamp || !signature) {
    return refuse(401, "missing_signature", "webhook-id, webhook-timestamp and webhook-signature are required.");
  }
  if (!/^[\x21-\x7e]{1,128}$/.test(webhookId)) return refuse(401, "bad_webhook_id", "webhook-id is malformed.");
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(401, "bad_timestamp", "webhook-timestamp must be Unix seconds.");
  if (signature.length > 1024) return refuse(401, "bad_signature", "webhook-signature is malformed.");
  try {
    new Webhook(secret).verify(
      body,
      { "webhook-id": webhookId, "webhook-timestamp": timestamp, "webhook-signature": signature },
      { jsonParse: false },
    );
  } catch (error) {
    if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message)) {
      return refuse(401, "stale_timestamp", "webhook-timestamp is outside the 5-minute window.");
    }
    return refuse(401, "bad_signature", "No matching signature.");
  }
  return { ok: true, value: webhookId };
}

/** `whisper` in the default locale, `whisperZh` and so on for the others: the field names providers know. */
const whisperField = (locale: Locale) =>
  locale === DEFAULT_LOCALE ? "whisper" : `whisper${locale[0].toUpperCase()}${locale.split("-")[0].slice(1)}`;

function wire(answer: RelayAnswer) {
  const pickupCode = answer.pickupCode ? { pickupCode: answer.pickupCode } : {};
  if (answer.action === "reject") return { action: "reject", reason: answer.reason, ...pickupCode };
  const whispers = Object.fromEntries(LOCALES.map((locale) => [whisperField(locale), answer.whisper[locale]]));
  return { action: "forward", to: answer.to, ...whispers, ...pickupCode };
}

function standard(channel: "call" | "message"): RelayAdapter<string> {
  return {
    provider: "standard",
    mediaType: "application/json",
    verify: (request, body) => verifyStandardWebhook(body, request.headers, relaySecrets().RELAY_SIGNING_SECRET),
    parse: (body, webhookId): Step<Parsed> => {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return refuse(400, "malformed_json", "The body is not valid JSON.");
      }
      if (channel === "call") {
        const call = callBody.safeParse(json);
        if (!call.success) return invalidBody(call.error);
        const { to, extension, from } = call.data;
        return { ok: true, value: { deliveryId: webhookId, contact: { channel, host: to, extension, from } } };
      }
      const message = messageBody.safeParse(json);
      if (!message.success) return invalidBody(message.error);
      const { to, extension, from, text } = message.data;
      return { ok: true, value: { deliveryId: webhookId, contact: { channel, host: to, extension, from, text } } };
    },
    render: (outcome) => {
      if (outcome.kind === "conflict") {
        return jsonError(409, "webhook_id_reused", "This webhook-id was already used for a different request.");
      }
      if (outcome.kind === "unavailable") {
        return jsonAnswer({ action: "reject", reason: "unavailable" }, 503, { "retry-after": "1" });
      }
      return jsonAnswer(wire(outcome.answer));
    },
  };
}

/** `POST /api/relay/call` and `/api/relay/message`: plain JSON, signed with Standard Webhooks. */
export const standardCall = standard("call");
export const standardMessage = standard("message");
