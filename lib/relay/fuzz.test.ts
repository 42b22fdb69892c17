import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { memoryDb } from "@/lib/testing/db";
import {
  MERCHANT_PHONE,
  makeProtectedBuyer,
  type PlacedLine,
  placeProtectedOrder,
  relayRowCounts,
  seedRelayWorld,
} from "@/lib/testing/relay";

const state = vi.hoisted(() => {
  process.env.RELAY_SIGNING_SECRET = `whsec_${Buffer.from("relay-fuzz-test-secret-32-bytes!!").toString("base64")}`;
  process.env.TWILIO_AUTH_TOKEN = "fedcba9876543210fedcba9876543210";
  return { db: undefined as unknown, getDbCalls: 0 };
});
vi.mock("@/lib/db", () => ({
  getDb: async () => {
    state.getDbCalls += 1;
    return state.db;
  },
}));

const routes = {
  call: (await import("@/app/api/relay/call/route")).POST,
  message: (await import("@/app/api/relay/message/route")).POST,
  voice: (await import("@/app/api/relay/twilio/voice/route")).POST,
  sms: (await import("@/app/api/relay/twilio/message/route")).POST,
  whisper: (await import("@/app/api/relay/twilio/whisper/route")).POST,
};

const SECRET = process.env.RELAY_SIGNING_SECRET as string;
const TOKEN = process.env.TWILIO_AUTH_TOKEN as string;
const ORIGIN = "http://localhost:3000";
const FIVE_MINUTES = 5 * 60;

const headerText = fc.string({ unit: "grapheme-ascii", maxLength: 120 });
const anyText = fc.string({ unit: "grapheme", maxLength: 400 });

/** Never a 5xx, never a forward, and (checked after the runs) nothing written, the database never asked. */
async function expectRefused(response: Response): Promise<void> {
  const body = await response.text();
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(body).not.toMatch(/forward|<Dial|<Message|\+86/);
}

describe("relay endpoints under fuzzing", () => {
  let handle: DbHandle;
  let line: PlacedLine;
  let before: Record<string, number>;

  beforeAll(async () => {
    handle = await memoryDb();
    state.db = handle.db;
    const { merchantId } = await seedRelayWorld(handle.db);
    const buyer = await makeProtectedBuyer(handle.db);
    line = await placeProtectedOrder(handle.db, { buyerId: buyer.id, merchantId, now: new Date() });
    before = await relayRowCounts(handle.db);
    vi.spyOn(console, "info").mockImplementation(() => {});
  });
  afterAll(async () => {
    expect(state.getDbCalls).toBe(0);
    expect(await relayRowCounts(handle.db)).toEqual(before);
    vi.restoreAllMocks();
    await handle.close();
  });

  it("refuses thousands of random, unsigned, mis-signed, stale, malformed and oversized Standard Webhooks requests", async () => {
    const liveBody = () =>
      fc.constant(
        JSON.stringify({ to: line.host, extension: line.extension, from: MERCHANT_PHONE, text: "取件码 8841" }),
      );
    const body = fc.oneof(
      { weight: 3, arbitrary: anyText },
      { weight: 3, arbitrary: fc.json() },
      { weight: 3, arbitrary: liveBody() },
      {
        weight: 3,
        arbitrary: fc
          .record(
            {
              to: fc.oneof(fc.constant(line.host), anyText, fc.integer()),
              extension: fc.oneof(fc.constant(line.extension), anyText, fc.integer()),
              from: fc.oneof(fc.constant(MERCHANT_PHONE), anyText, fc.constant(null)),
              text: fc.oneof(anyText, fc.constant(undefined)),
            },
            { requiredKeys: [] },
          )
          .map((value) => JSON.stringify(value)),
      },
      { weight: 1, arbitrary: fc.integer({ min: 16 * 1024 + 1, max: 64 * 1024 }).map((n) => "7".repeat(n)) },
    );
    // Bodies that are certainly not a valid call or message, to be signed with the right secret.
    const malformed = fc.oneof(
      anyText.map((text) => `x${text}`),
      fc.array(fc.json()).map((value) => `[${value.join(",")}]`),
      fc
        .record({ to: fc.constant(line.host), extension: anyText.filter((e) => !/^\d{4}$/.test(e)), from: anyText })
        .map((value) => JSON.stringify(value)),
      fc.constant(JSON.stringify({ to: line.host, extension: line.extension })),
      fc
        .integer({ min: 16 * 1024 + 1, max: 64 * 1024 })
        .map((n) => JSON.stringify({ to: line.host, text: "x".repeat(n) })),
    );
    const now = () => new Date();
    const signing = fc.oneof(
      fc.record({
        mode: fc.constant("random" as const),
        id: fc.option(headerText, { nil: undefined }),
        timestamp: fc.option(fc.oneof(headerText, fc.integer().map(String)), { nil: undefined }),
        signature: fc.option(
          fc.oneof(
            headerText,
            fc.base64String({ maxLength: 64 }).map((s) => `v1,${s}`),
          ),
          { nil: undefined },
        ),
      }),
      fc.record({ mode: fc.constant("wrong-secret" as const), key: fc.uint8Array({ minLength: 24, maxLength: 32 }) }),
      fc.record({
        mode: fc.constant("stale" as const),
        skew: fc.integer({ min: FIVE_MINUTES + 2, max: 10_000_000 }),
        sign: fc.constantFrom(-1, 1),
      }),
      fc.record({ mode: fc.constant("other-body" as const) }),
      fc.record({ mode: fc.constant("right-secret-malformed" as const), body: malformed }),
    );
    const contentType = fc.oneof(
      { weight: 5, arbitrary: fc.constant("application/json") },
      { weight: 1, arbitrary: headerText },
    );

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("call" as const, "message" as const),
        body,
        signing,
        contentType,
        headerText,
        async (route, rawBody, sign, type, id) => {
          let payload = rawBody;
          const headers: Record<string, string> = { "content-type": type };
          const webhookId = `msg_${id.replace(/\s/g, "") || "x"}`;
          const at = now();
          if (sign.mode === "random") {
            if (sign.id !== undefined) headers["webhook-id"] = sign.id;
            if (sign.timestamp !== undefined) headers["webhook-timestamp"] = sign.timestamp;
            if (sign.signature !== undefined) headers["webhook-signature"] = sign.signature;
          } else {
            let secret = SECRET;
            let signedAt = at;
            let signedBody = payload;
            if (sign.mode === "wrong-secret") secret = `whsec_${Buffer.from(sign.key).toString("base64")}`;
            if (sign.mode === "stale") signedAt = new Date(at.getTime() + sign.sign * sign.skew * 1000);
            if (sign.mode === "other-body") signedBody = `${payload} `;
            if (sign.mode === "right-secret-malformed") {
              payload = sign.body;
              signedBody = sign.body;
              headers["content-type"] = "application/json";
            }
            headers["webhook-id"] = webhookId;
            headers["webhook-timestamp"] = String(Math.floor(signedAt.getTime() / 1000));
            headers["webhook-signature"] = new Webhook(secret).sign(webhookId, signedAt, signedBody);
          }
          const response = await routes[route](
            new Request(`${ORIGIN}/api/relay/${route}`, { method: "POST", headers, body: payload }),
          );
          await expectRefused(response);
        },
      ),
      { numRuns: 2_500 },
    );
  });

  it("refuses thousands of random, unsigned and mis-signed Twilio webhooks", async () => {
    const validVoice = () =>
      fc.record({
        CallSid: fc.constant(`CA${"ab".repeat(16)}`),
        From: fc.constant(`+86${MERCHANT_PHONE}`),
        To: fc.constant(`+86${line.host}`),
        Digits: fc.constant(line.extension),
        Body: fc.constant(`${line.extension} 取件码 8841`),
        MessageSid: fc.constant(`SM${"cd".repeat(16)}`),
      });
    const params = fc
      .tuple(
        fc.oneof(validVoice(), fc.constant({})),
        fc.dictionary(fc.string({ maxLength: 12 }), anyText, { maxKeys: 6 }),
      )
      .map(([base, extra]) => ({ ...extra, ...base }) as Record<string, string>);
    const signing = fc.oneof(
      fc.record({ mode: fc.constant("none" as const) }),
      fc.record({ mode: fc.constant("random" as const), value: headerText }),
      fc.record({
        mode: fc.constant("wrong-token" as const),
        token: fc.stringMatching(/^[0-9a-f]{32}$/).filter((t) => t !== TOKEN),
      }),
      fc.record({ mode: fc.constant("other-params" as const) }),
      fc.record({
        mode: fc.constant("other-url" as const),
        path: fc.constantFrom("/", "/api/relay/call", "/api/relay/twilio/voice?x=1"),
      }),
    );
    const route = fc.constantFrom("voice" as const, "sms" as const, "whisper" as const);
    const query = fc.oneof(
      fc.constant(""),
      fc.constant(`?extension=${line.extension}`),
      fc.constant("?text=Hello&zh=%E4%BD%A0"),
      anyText.map((text) => `?text=${encodeURIComponent(text)}`),
    );

    await fc.assert(
      fc.asyncProperty(route, params, signing, query, async (which, form, sign, search) => {
        const path = `/api/relay/twilio/${which === "sms" ? "message" : which}${search}`;
        const url = `${ORIGIN}${path}`;
        const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
        if (sign.mode === "random") headers["x-twilio-signature"] = sign.value;
        if (sign.mode === "wrong-token")
          headers["x-twilio-signature"] = twilio.getExpectedTwilioSignature(sign.token, url, form);
        if (sign.mode === "other-params") {
          headers["x-twilio-signature"] = twilio.getExpectedTwilioSignature(TOKEN, url, { ...form, Fuzz: "1" });
        }
        if (sign.mode === "other-url") {
          headers["x-twilio-signature"] = twilio.getExpectedTwilioSignature(TOKEN, `${ORIGIN}${sign.path}`, form);
        }
        const response = await routes[which](
          new Request(url, { method: "POST", headers, body: new URLSearchParams(form).toString() }),
        );
        await expectRefused(response);
      }),
      { numRuns: 1_500 },
    );
  });
});
