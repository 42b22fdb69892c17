import "server-only";
import twilio from "twilio";
import type TwimlVoice from "twilio/lib/twiml/VoiceResponse";
import { z } from "zod";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "@/lib/i18n/config";
import type { RejectReason } from "@/lib/protection/relay";
import { type RelayAnswer, UNAVAILABLE_ANSWER } from "./answer";
import { invalidBody, plainText, refuse, type Step, xmlAnswer } from "./http";
import type { RelayAdapter } from "./pipeline";
import { PROMPTS, spoken } from "./prompts";
import { relaySecrets } from "./secrets";

const { VoiceResponse, MessagingResponse } = twilio.twiml;

export const VOICE_PATH = "/api/relay/twilio/voice";
export const WHISPER_PATH = "/api/relay/twilio/whisper";

type Params = Record<string, string | string[]>;
type Signed = { params: Params; url: URL };

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

/** The package's check; if it throws, the request is refused like any mismatch, not answered with a 500. */
function signatureMatches(token: string, signature: string, url: string, params: Params): boolean {
  try {
    return twilio.validateRequest(token, signature, url, params);
  } catch {
    return false;
  }
}

/** `X-Twilio-Signature`, checked by the official package against the signed URL. */
export function verifyTwilioSignature(request: Request, body: string): Step<Signed> {
  const token = relaySecrets().TWILIO_AUTH_TOKEN;
  const url = signedUrl(request);
  const signature = request.headers.get("x-twilio-signature");
  if (!signature) return refuse(403, "missing_signature", "X-Twilio-Signature is required.");
  const params = formParams(body);
  // A real signature is 28 characters: a header over 256 is refused before any hashing.
  if (signature.length > 256 || !signatureMatches(token, signature, url, params)) {
    return refuse(403, "bad_signature", "X-Twilio-Signature does not match.");
  }
  return { ok: true, value: { params, url: new URL(request.url) } };
}

const one = plainText.max(64);
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
  Body: plainText.max(1600),
});
const whisperText = plainText.min(1).max(200);
const whisperParams = z.object(
  Object.fromEntries(
    LOCALES.map((locale) => [locale, locale === DEFAULT_LOCALE ? whisperText : whisperText.optional()]),
  ),
);

type Sayer = { say: (attributes: { language: TwimlVoice.SayAttributes["language"] }, text: string) => unknown };

function say(target: Sayer, texts: { voice: string; text: string }[]): void {
  for (const { voice, text } of texts) target.say({ language: voice as TwimlVoice.SayAttributes["language"] }, text);
}

function sayAndHangUp(reason: RejectReason | "no_input"): string {
  const response = new VoiceResponse();
  say(
    response,
    spoken((catalogue) => catalogue.say[reason]),
  );
  response.hangup();
  return response.toString();
}

/** The caller dialled only the host number: ask for the extension, then come back here with `Digits`. */
export function gatherTwiml(): string {
  const response = new VoiceResponse();
  const gather = response.gather({ numDigits: 4, action: VOICE_PATH, method: "POST", timeout: 8 });
  say(
    gather,
    spoken((catalogue) => catalogue.enterExtension),
  );
  // Reached only when the caller entered nothing.
  say(
    response,
    spoken((catalogue) => catalogue.say.no_input),
  );
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
  const whisper = new URLSearchParams(LOCALES.map((locale) => [locale, answer.whisper[locale]]));
  dial.number({ url: `${WHISPER_PATH}?${whisper}`, method: "POST" }, answer.to);
  return response.toString();
}

/**
 * Forward: a `<Message to>` carries the text on to the buyer's real number, headed by which order and
 * merchant it is about. Reject: an empty `<Response/>`, no reply to the sender.
 */
export function messageTwiml(answer: RelayAnswer, text: string): string {
  const response = new MessagingResponse();
  if (answer.action === "forward") response.message({ to: answer.to }, `[${answer.whisper[DEFAULT_LOCALE]}] ${text}`);
  return response.toString();
}

export function askForExtensionTwiml(): string {
  const response = new MessagingResponse();
  response.message(
    spoken((catalogue) => catalogue.startWithExtension)
      .map(({ text }) => text)
      .join(" "),
  );
  return response.toString();
}

/** An SMS cannot dial an extension: it comes from `?extension=` on the webhook URL or leads the text ("0421 …", "#0421 …"). */
export function splitExtension(body: string): { extension: string; text: string } | null {
  const match = /^\s*(?:ext\.?\s*|分机\s*|#)?(\d{4})(?:#|[\s:：,，]+)([\s\S]+)/i.exec(body);
  if (!match?.[2].trim()) return null;
  return { extension: match[1], text: match[2].trim() };
}

const answerOf = (outcome: Parameters<RelayAdapter<Signed>["render"]>[0]) =>
  outcome.kind === "answer" ? outcome.answer : UNAVAILABLE_ANSWER;

const form = {
  provider: "twilio",
  mediaType: "application/x-www-form-urlencoded",
  verify: verifyTwilioSignature,
} as const;

/** `POST /api/relay/twilio/voice`: Twilio's voice webhook, answered in TwiML. One decision per CallSid. */
export const twilioVoice: RelayAdapter<Signed> = {
  ...form,
  parse: (_body, { params, url }) => {
    const parsed = voiceParams.safeParse(params);
    if (!parsed.success) return invalidBody(parsed.error);
    const { CallSid, To, From, Digits } = parsed.data;
    const extension = url.searchParams.get("extension") || Digits || "";
    if (!extension) return { ok: true, value: { reply: xmlAnswer(gatherTwiml()) } };
    return {
      ok: true,
      value: { deliveryId: `voice:${CallSid}`, contact: { channel: "call", host: To, extension, from: From } },
    };
  },
  render: (outcome) => xmlAnswer(voiceTwiml(answerOf(outcome))),
};

/** `POST /api/relay/twilio/message`: Twilio's messaging webhook, answered in TwiML. One decision per MessageSid. */
export const twilioMessage: RelayAdapter<Signed> = {
  ...form,
  parse: (_body, { params, url }) => {
    const parsed = messageParams.safeParse(params);
    if (!parsed.success) return invalidBody(parsed.error);
    const { MessageSid, To, From, Body } = parsed.data;
    const fromQuery = url.searchParams.get("extension");
    const split = fromQuery ? { extension: fromQuery, text: Body.trim() } : splitExtension(Body);
    if (!split?.text) return { ok: true, value: { reply: xmlAnswer(askForExtensionTwiml()) } };
    return {
      ok: true,
      value: { deliveryId: `message:${MessageSid}`, contact: { channel: "message", host: To, from: From, ...split } },
    };
  },
  render: (outcome, contact) =>
    xmlAnswer(messageTwiml(answerOf(outcome), contact.channel === "message" ? contact.text : "")),
};

/** `POST /api/relay/twilio/whisper`: read to the buyer before a forwarded call is bridged. No decision. */
export const twilioWhisper: RelayAdapter<Signed> = {
  ...form,
  parse: (_body, { url }) => {
    const parsed = whisperParams.safeParse(
      Object.fromEntries(LOCALES.map((locale) => [locale, url.searchParams.get(locale) ?? undefined])),
    );
    if (!parsed.success) return invalidBody(parsed.error);
    const response = new VoiceResponse();
    const texts = parsed.data as Partial<Record<Locale, string>>;
    say(
      response,
      LOCALES.flatMap((locale) => (texts[locale] ? [{ voice: PROMPTS[locale].voice, text: texts[locale] }] : [])),
    );
    return { ok: true, value: { reply: xmlAnswer(response.toString()) } };
  },
  // Never reached: every whisper is a reply.
  render: () => xmlAnswer(voiceTwiml(UNAVAILABLE_ANSWER)),
};
