/** The Standard Webhooks check itself, header by header: every refusal says which rule it broke. */
import { describe, expect, it } from "vitest";
import { signRelayRequest } from "./sign";
import { verifyStandardWebhook } from "./standard";

const SECRET = `whsec_${Buffer.from("standard-test-secret-of-32-bytes").toString("base64")}`;
const BODY = JSON.stringify({ to: "17012345678", extension: "0001", from: "13900001111" });

async function refusal(step: ReturnType<typeof verifyStandardWebhook>) {
  if (step.ok) throw new Error(`accepted ${step.value}`);
  return { status: step.response.status, ...(await step.response.json()) };
}

function headers(overrides: Record<string, string | null> = {}, { id = "msg_1", at = new Date() } = {}) {
  const signed: Record<string, string> = signRelayRequest({ secret: SECRET, body: BODY, id, at });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) delete signed[name];
    else signed[name] = value;
  }
  return new Headers(signed);
}

describe("verifyStandardWebhook", () => {
  it("accepts a request signed with the secret, and gives its webhook-id", () => {
    expect(verifyStandardWebhook(BODY, headers(), SECRET)).toEqual({ ok: true, value: "msg_1" });
  });

  it("checks the signature of any body, JSON or not: parsing it is the next step's job", () => {
    const body = '{"to": "17012345678", ';
    const signed = new Headers(signRelayRequest({ secret: SECRET, body, id: "msg_2", at: new Date() }));
    expect(verifyStandardWebhook(body, signed, SECRET)).toEqual({ ok: true, value: "msg_2" });
  });

  it("any one of the three headers missing is a missing signature", async () => {
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      expect(await refusal(verifyStandardWebhook(BODY, headers({ [name]: null }), SECRET)), name).toEqual({
        status: 401,
        error: "missing_signature",
        message: "webhook-id, webhook-timestamp and webhook-signature are required.",
      });
    }
  });

  it("a webhook-id is 1 to 128 visible ASCII characters", async () => {
    const long = "m".repeat(128);
    expect(verifyStandardWebhook(BODY, headers({}, { id: long }), SECRET)).toEqual({ ok: true, value: long });
    expect(verifyStandardWebhook(BODY, headers({}, { id: "!~" }), SECRET)).toEqual({ ok: true, value: "!~" });
    for (const id of [`${long}m`, "msg 1", "msg_1\u00e9", "msg\t1", "msg_1x\u007f"]) {
      expect(await refusal(verifyStandardWebhook(BODY, headers({}, { id }), SECRET)), id).toEqual({
        status: 401,
        error: "bad_webhook_id",
        message: "webhook-id is malformed.",
      });
    }
  });

  it("a webhook-timestamp is Unix seconds, at most 12 digits", async () => {
    const now = String(Math.floor(Date.now() / 1000));
    for (const timestamp of [`${now}.5`, `-${now}`, `x${now}`, `${now}x`, "1234567890123"]) {
      expect(
        await refusal(verifyStandardWebhook(BODY, headers({ "webhook-timestamp": timestamp }), SECRET)),
        timestamp,
      ).toEqual({
        status: 401,
        error: "bad_timestamp",
        message: "webhook-timestamp must be Unix seconds.",
      });
    }
  });

  it("a signature list over 1024 characters is malformed; up to 1024 it is checked", async () => {
    const valid = headers().get("webhook-signature") as string;
    const padded = (length: number) => `${valid} ${"v1,x".padEnd(length - valid.length - 1, "x")}`;
    expect(padded(1024)).toHaveLength(1024);
    // The right signature among others still matches: a provider rotating its secret sends both.
    expect(verifyStandardWebhook(BODY, headers({ "webhook-signature": padded(1024) }), SECRET).ok).toBe(true);
    expect(await refusal(verifyStandardWebhook(BODY, headers({ "webhook-signature": padded(1025) }), SECRET))).toEqual({
      status: 401,
      error: "bad_signature",
      message: "webhook-signature is malformed.",
    });
  });

  it("a wrong signature, and one outside the 5-minute window, each say so", async () => {
    expect(await refusal(verifyStandardWebhook(`${BODY} `, headers(), SECRET))).toEqual({
      status: 401,
      error: "bad_signature",
      message: "No matching signature.",
    });
    const old = headers({}, { at: new Date(Date.now() - 6 * 60_000) });
    expect(await refusal(verifyStandardWebhook(BODY, old, SECRET))).toEqual({
      status: 401,
      error: "stale_timestamp",
      message: "webhook-timestamp is outside the 5-minute window.",
    });
  });
});
