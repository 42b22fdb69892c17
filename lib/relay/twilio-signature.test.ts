/** Twilio's X-Twilio-Signature check as the relay runs it: the URL it signs, repeated fields, the guards. */
import twilio from "twilio";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signedUrl, verifyTwilioSignature } from "./twilio";

const TOKEN = "0123456789abcdef0123456789abcdef";
const cache = globalThis as unknown as { __onpRelaySecrets?: unknown };

function stubSecrets() {
  vi.stubEnv("RELAY_SIGNING_SECRET", `whsec_${Buffer.alloc(32, 5).toString("base64")}`);
  vi.stubEnv("TWILIO_AUTH_TOKEN", TOKEN);
  cache.__onpRelaySecrets = undefined;
}

function request(url: string, body: string, signature: string | null) {
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
  if (signature !== null) headers.set("x-twilio-signature", signature);
  return new Request(url, { method: "POST", headers, body });
}

async function refusal(step: ReturnType<typeof verifyTwilioSignature>) {
  if (step.ok) throw new Error("accepted");
  return { status: step.response.status, ...(await step.response.json()) };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  cache.__onpRelaySecrets = undefined;
});

describe("signedUrl", () => {
  it("is the request URL, or PUBLIC_BASE_URL's origin with the request's path and query", () => {
    const url = "http://127.0.0.1:3000/api/relay/twilio/voice?step=2";
    expect(signedUrl(new Request(url))).toBe(url);
    vi.stubEnv("PUBLIC_BASE_URL", " https://relay.example.com/ignored/path ");
    expect(signedUrl(new Request(url))).toBe("https://relay.example.com/api/relay/twilio/voice?step=2");
    vi.stubEnv("PUBLIC_BASE_URL", "   ");
    expect(signedUrl(new Request(url))).toBe(url);
  });
});

describe("verifyTwilioSignature", () => {
  const url = "http://127.0.0.1:3000/api/relay/twilio/message?step=2";

  it("accepts what Twilio signed, repeated fields included, and hands on the fields", async () => {
    stubSecrets();
    const params = { From: "+8613900001111", MediaUrl: ["https://a.example/1", "https://a.example/2"] };
    const body = "From=%2B8613900001111&MediaUrl=https%3A%2F%2Fa.example%2F1&MediaUrl=https%3A%2F%2Fa.example%2F2";
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    const step = verifyTwilioSignature(request(url, body, signature), body);
    expect(step).toEqual({ ok: true, value: { params: { ...params }, url: new URL(url) } });
    // Signed over the first value only: a field added after signing does not pass.
    const first = twilio.getExpectedTwilioSignature(TOKEN, url, { ...params, MediaUrl: params.MediaUrl[0] });
    expect(await refusal(verifyTwilioSignature(request(url, body, first), body))).toMatchObject({
      error: "bad_signature",
    });
  });

  it("refuses a missing, a wrong and an over-long signature with 403", async () => {
    stubSecrets();
    const body = "From=%2B8613900001111";
    expect(await refusal(verifyTwilioSignature(request(url, body, null), body))).toEqual({
      status: 403,
      error: "missing_signature",
      message: "X-Twilio-Signature is required.",
    });
    const wrong = twilio.getExpectedTwilioSignature("ffffffffffffffffffffffffffffffff", url, {
      From: "+8613900001111",
    });
    expect(await refusal(verifyTwilioSignature(request(url, body, wrong), body))).toEqual({
      status: 403,
      error: "bad_signature",
      message: "X-Twilio-Signature does not match.",
    });
  });

  it("a header over 256 characters is refused before the package is asked; one that throws is a mismatch", async () => {
    stubSecrets();
    const body = "From=%2B8613900001111";
    const check = vi.spyOn(twilio, "validateRequest").mockReturnValue(true);
    expect(verifyTwilioSignature(request(url, body, "s".repeat(256)), body).ok).toBe(true);
    expect(await refusal(verifyTwilioSignature(request(url, body, "s".repeat(257)), body))).toMatchObject({
      status: 403,
      error: "bad_signature",
    });
    expect(check).toHaveBeenCalledTimes(1);
    check.mockImplementation(() => {
      throw new TypeError("Invalid URL");
    });
    expect(await refusal(verifyTwilioSignature(request(url, body, "s".repeat(28)), body))).toMatchObject({
      status: 403,
      error: "bad_signature",
    });
  });
});
