import "server-only";
import { createHash } from "node:crypto";
import twilio from "twilio";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { decideContactIn, type RejectReason, recordMessageIn } from "@/lib/protection/relay";
import { type RelayAnswer, toAnswer, UNAVAILABLE_ANSWER } from "./answer";
import { jsonError, mediaType, readCappedBody, xmlAnswer } from "./http";
import { answerOnce, type OnceResult } from "./idempotency";
import { logAnswer } from "./log";
import { relaySecrets } from "./secrets";

const { VoiceResponse, MessagingResponse } = twilio.twiml;

export const VOICE_PATH = "/api/relay/twilio/voice";
export const WHISPER_PATH = "/api/relay/twilio/whisper";

type Params = Record<string, string | string[]>;
type TwilioRequest = { ok: true; params: Params; url: URL } | { ok: false; response: Response };

/**
 * The URL Twilio signed: the one configured on the number. Behind a proxy or tunnel the request URL the
 * app sees differs from it, so PUBLIC_BASE_URL (e.g. https://relay.example.com) replaces scheme and host.
 */
export function signedUrl(request: Request): string {
  const base = process.env.PUBLIC_BASE_URL?.trim();
  if (!base) return request.url;
  const origin = new URL(base).origin;
  const url = new URL(request.url);
  return `${origin}${url.pathname}${url.search}`;
}

function formParams(body: string): Params {
  const params: Params = Object.create(null);
  for (const [key, value] of new URLSearchParams(body)) {
    const previous = params[key];
    params[key] = previous === undefined ? value : ([] as string[]).concat(previous, value);
  }
  return params;
}

/** Size, media type and `X-Twilio-Signature`, checked by the official package against the signed URL. */
async function verifiedTwilioRequest(request: Request): Promise<TwilioRequest> {
  const body = await readCappedBody(request);
  if (!body.ok) return body;
  if (mediaType(request) !== "application/x-www-form-urlencoded") {
    return { ok: false, response: jsonError(415, "unsupported_media_type", "Send application/x-www-form-urlencoded.") };
  }
  let token: string;
  let url: string;
  try {
    token = relaySecrets().TWILIO_AUTH_TOKEN;
    url = signedUrl(request);
  } catch (error) {
    console.error(`[relay] twilio not configured: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, response: jsonError(500, "relay_not_configured", "The Twilio relay is not configured.") };
  }
  const signature = request.headers.get("x-twilio-signature");
  if (!signature)
    return { ok: false, response: jsonError(403, "missing_signature", "X-Twilio-Signature is required.") };
  const params = formParams(body.text);
  let valid = false;
  try {
    valid = signature.length <= 256 && twilio.validateRequest(token, signature, url, params);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, response: jsonError(403, "bad_signature", "X-Twilio-Signature does not match.") };
  return { ok: true, params, url: new URL(request.url) };
}

const one = z.string().max(64);
const voiceParams = z.object({
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/i, "must be a Twilio call SID"),
  To: one,
  From: one,
  Digits: z
    .string()
    .regex(/^[0-9*#]{0,16}$/)
    .optional(),
});
const messageParams = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/i, "must be a Twilio message SID"),
  To: one,
  From: one,
  Body: z.string().max(1600),
});
const whisperParams = z.object({ text: z.string().min(1).max(200), zh: z.string().max(200).optional() });

function invalid(error: z.ZodError): Response {
  const fields = error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
  return jsonError(400, "invalid_body", fields.slice(0, 5).join("; "));
}

const SAY: Record<RejectReason | "no_input", [en: string, zh: string]> = {
  ended: ["This number is no longer in service.", "您拨打的号码已停止使用。"],
  expired: ["This number is no longer in service.", "您拨打的号码已停止使用。"],
  unknown: ["The number you dialled does not exist.", "您拨打的号码不存在。"],
  cooling: ["The number you dialled does not exist.", "您拨打的号码不存在。"],
  blocked: ["The person you are calling is not available.", "您拨打的用户暂时无法接通。"],
  locked: ["The person you are calling is not available.", "您拨打的用户暂时无法接通。"],
  unavailable: ["The service is temporarily unavailable. Please try again later.", "服务暂时不可用，请稍后再拨。"],
  no_input: ["No extension was entered. Goodbye.", "未输入分机号，再见。"],
};

function sayAndHangUp(reason: RejectReason | "no_input"): string {
  const response = new VoiceResponse();
  const [en, zh] = SAY[reason];
  response.say({ language: "en-US" }, en);
  response.say({ language: "zh-CN" }, zh);
  response.hangup();
  return response.toString();
}

/** The caller dialled only the host number: ask for the extension, then come back here with `Digits`. */
export function gatherTwiml(): string {
  const response = new VoiceResponse();
  const gather = response.gather({ numDigits: 4, action: VOICE_PATH, method: "POST", timeout: 8 });
  gather.say({ language: "en-US" }, "Please enter the 4-digit extension.");
  gather.say({ language: "zh-CN" }, "请输入四位分机号。");
  // Reached only when the caller entered nothing.
  const [en, zh] = SAY.no_input;
  response.say({ language: "en-US" }, en);
  response.say({ language: "zh-CN" }, zh);
  response.hangup();
  return response.toString();
}

/**
 * Forward: `<Dial>` the real number. The whisper is a `<Number url>`: that TwiML runs on the buyer's leg
 * once they pick up and before the legs are bridged, so only the buyer hears it (a `<Say>` before `<Dial>`
 * would be read to the caller instead). `answerOnBridge` keeps the caller hearing ringback until then.
 */
export function voiceTwiml(answer: RelayAnswer): string {
  if (answer.action !== "forward") return sayAndHangUp(answer.reason);
  const response = new VoiceResponse();
  const dial = response.dial({ answerOnBridge: true, timeout: 30 });
  const whisper = new URLSearchParams({ text: answer.whisper, zh: answer.whisperZh });
  dial.number({ url: `${WHISPER_PATH}?${whisper}`, method: "POST" }, answer.to);
  return response.toString();
}

export function whisperTwiml(text: string, zh: string | undefined): string {
  const response = new VoiceResponse();
  response.say({ language: "en-US" }, text);
  if (zh) response.say({ language: "zh-CN" }, zh);
  return response.toString();
}

/**
 * Forward: a `<Message to>` carries the text on to the buyer's real number, headed by which order and
 * merchant it is about. Reject: an empty `<Response/>`, no reply to the sender.
 */
export function messageTwiml(answer: RelayAnswer, text: string): string {
  const response = new MessagingResponse();
  if (answer.action === "forward") response.message({ to: answer.to }, `[${answer.whisper}] ${text}`);
  return response.toString();
}

export function askForExtensionTwiml(): string {
  const response = new MessagingResponse();
  response.message(
    'Start your message with the 4-digit extension of the line, e.g. "0421 your text". 请在短信开头输入四位分机号，如“0421 内容”。',
  );
  return response.toString();
}

/** An SMS cannot dial an extension: it comes from `?extension=` on the webhook URL or leads the text ("0421 …", "#0421 …"). */
export function splitExtension(body: string): { extension: string; text: string } | null {
  const match = /^\s*(?:ext\.?\s*|分机\s*|#)?(\d{4})(?:#|[\s:：,，]+)([\s\S]+)$/i.exec(body);
  if (!match?.[2].trim()) return null;
  return { extension: match[1], text: match[2].trim() };
}

function hash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

async function decideOnce(
  webhookId: string,
  requestHash: string,
  decide: (tx: Parameters<Parameters<typeof answerOnce>[2]>[0]) => Promise<RelayAnswer>,
): Promise<OnceResult> {
  try {
    const db = await getDb();
    return await answerOnce(db, { provider: "twilio", webhookId, requestHash, now: new Date() }, decide);
  } catch (error) {
    console.error(`[relay] database unavailable: ${error instanceof Error ? error.name : typeof error}`);
    return { kind: "unavailable" };
  }
}

function answerOf(result: OnceResult): RelayAnswer {
  return result.kind === "fresh" || result.kind === "replay" ? result.answer : UNAVAILABLE_ANSWER;
}

/** `POST /api/relay/twilio/voice`: Twilio's voice webhook, answered in TwiML. One decision per CallSid. */
export async function handleTwilioVoice(request: Request): Promise<Response> {
  const verified = await verifiedTwilioRequest(request);
  if (!verified.ok) return verified.response;
  const parsed = voiceParams.safeParse(verified.params);
  if (!parsed.success) return invalid(parsed.error);
  const { CallSid, To, From, Digits } = parsed.data;
  const extension = verified.url.searchParams.get("extension") || Digits || "";
  if (!extension) return xmlAnswer(gatherTwiml());
  const now = new Date();
  const result = await decideOnce(`voice:${CallSid}`, hash("voice", To, extension, From), async (tx) =>
    toAnswer(await decideContactIn(tx, { host: To, extension, caller: From, now, channel: "call" })),
  );
  const answer = answerOf(result);
  logAnswer("twilio call", extension, From, answer, result.kind === "replay");
  return xmlAnswer(voiceTwiml(answer));
}

/** `POST /api/relay/twilio/message`: Twilio's messaging webhook, answered in TwiML. One decision per MessageSid. */
export async function handleTwilioMessage(request: Request): Promise<Response> {
  const verified = await verifiedTwilioRequest(request);
  if (!verified.ok) return verified.response;
  const parsed = messageParams.safeParse(verified.params);
  if (!parsed.success) return invalid(parsed.error);
  const { MessageSid, To, From, Body } = parsed.data;
  const fromQuery = verified.url.searchParams.get("extension");
  const split = fromQuery ? { extension: fromQuery, text: Body.trim() } : splitExtension(Body);
  if (!split?.text) return xmlAnswer(askForExtensionTwiml());
  const now = new Date();
  const result = await decideOnce(
    `message:${MessageSid}`,
    hash("message", To, split.extension, From, Body),
    async (tx) =>
      toAnswer(
        await recordMessageIn(tx, { host: To, extension: split.extension, sender: From, text: split.text, now }),
      ),
  );
  const answer = answerOf(result);
  logAnswer("twilio message", split.extension, From, answer, result.kind === "replay");
  return xmlAnswer(messageTwiml(answer, split.text));
}

/** `POST /api/relay/twilio/whisper`: read to the buyer before a forwarded call is bridged. */
export async function handleTwilioWhisper(request: Request): Promise<Response> {
  const verified = await verifiedTwilioRequest(request);
  if (!verified.ok) return verified.response;
  const parsed = whisperParams.safeParse({
    text: verified.url.searchParams.get("text") ?? undefined,
    zh: verified.url.searchParams.get("zh") ?? undefined,
  });
  if (!parsed.success) return invalid(parsed.error);
  return xmlAnswer(whisperTwiml(parsed.data.text, parsed.data.zh));
}
