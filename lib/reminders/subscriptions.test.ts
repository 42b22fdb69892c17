import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pushEndpointAllowed, subscriptionSchema } from "./subscriptions";

const keys = { p256dh: Buffer.alloc(65, 4).toString("base64url"), auth: randomBytes(16).toString("base64url") };

describe("push subscriptions", () => {
  it("an endpoint is https; loopback (and plain http to it) only in demo mode", () => {
    expect(pushEndpointAllowed("https://fcm.googleapis.com/fcm/send/abc", { demo: false })).toBe(true);
    expect(pushEndpointAllowed("http://fcm.googleapis.com/fcm/send/abc", { demo: false })).toBe(false);
    expect(pushEndpointAllowed("https://127.0.0.1:3215/push", { demo: false })).toBe(false);
    expect(pushEndpointAllowed("http://127.0.0.1:3215/push", { demo: false })).toBe(false);
    expect(pushEndpointAllowed("http://127.0.0.1:3215/push", { demo: true })).toBe(true);
    expect(pushEndpointAllowed("http://10.0.0.8/push", { demo: true })).toBe(false);
    expect(pushEndpointAllowed("https://user:pw@push.example/x", { demo: false })).toBe(false);
    expect(pushEndpointAllowed("javascript:alert(1)", { demo: true })).toBe(false);
    expect(pushEndpointAllowed("not a url", { demo: true })).toBe(false);
  });

  it("keys must be a P-256 point and a 16-byte secret in base64url", () => {
    const endpoint = "https://push.example/abc";
    expect(subscriptionSchema.safeParse({ endpoint, keys }).success).toBe(true);
    expect(subscriptionSchema.safeParse({ endpoint, keys: { ...keys, auth: "short" } }).success).toBe(false);
    expect(subscriptionSchema.safeParse({ endpoint, keys: { ...keys, p256dh: `${keys.p256dh}+` } }).success).toBe(
      false,
    );
    expect(subscriptionSchema.safeParse({ endpoint }).success).toBe(false);
  });
});
