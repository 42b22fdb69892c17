/** The signer the CLI and the browser tests use, against the relay's own verification. */
import { describe, expect, it } from "vitest";
import { signRelayRequest } from "./sign";
import { verifyStandardWebhook } from "./standard";

const SECRET = `whsec_${Buffer.from("sign-test-secret-of-32-bytes!!!!").toString("base64")}`;
const BODY = JSON.stringify({ host: "17012345678", extension: "0001", caller: "13700001234" });

describe("signRelayRequest", () => {
  it("signs what the relay accepts: its id, the time in Unix seconds, JSON", () => {
    const at = new Date();
    const headers = signRelayRequest({ secret: SECRET, body: BODY, id: "msg_fixed", at });
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["webhook-id"]).toBe("msg_fixed");
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(verifyStandardWebhook(BODY, new Headers(headers), SECRET)).toEqual({ ok: true, value: "msg_fixed" });
  });

  it("without an id or time, uses a fresh random id and now", () => {
    const first = signRelayRequest({ secret: SECRET, body: BODY });
    const second = signRelayRequest({ secret: SECRET, body: BODY });
    expect(first["webhook-id"]).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(second["webhook-id"]).not.toBe(first["webhook-id"]);
    expect(Math.abs(Number(first["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
    expect(verifyStandardWebhook(BODY, new Headers(first), SECRET).ok).toBe(true);
  });

  it("the signature covers the body, the id, the time and the secret", () => {
    const at = new Date();
    const headers = signRelayRequest({ secret: SECRET, body: BODY, id: "msg_a", at });
    const other = `whsec_${Buffer.from("another-secret-of-32-bytes-long!").toString("base64")}`;
    expect(verifyStandardWebhook(`${BODY} `, new Headers(headers), SECRET).ok).toBe(false);
    expect(verifyStandardWebhook(BODY, new Headers({ ...headers, "webhook-id": "msg_b" }), SECRET).ok).toBe(false);
    const later = String(Number(headers["webhook-timestamp"]) + 1);
    expect(verifyStandardWebhook(BODY, new Headers({ ...headers, "webhook-timestamp": later }), SECRET).ok).toBe(false);
    expect(verifyStandardWebhook(BODY, new Headers(headers), other).ok).toBe(false);
  });
});
