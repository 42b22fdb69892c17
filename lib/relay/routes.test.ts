import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { Webhook } from "standardwebhooks";
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { contactEvents, relayWebhooks } from "@/lib/db/schema";
import { endLineEarly } from "@/lib/protection/end-line";
import { drivers } from "@/lib/testing/db";
import {
  MERCHANT_PHONE,
  makeProtectedBuyer,
  type PlacedLine,
  placeProtectedOrder,
  relayRowCounts,
  STRANGER,
  seedRelayWorld,
} from "@/lib/testing/relay";

const state = vi.hoisted(() => {
  process.env.RELAY_SIGNING_SECRET = `whsec_${Buffer.from("relay-route-test-secret-32-bytes!").toString("base64")}`;
  process.env.TWILIO_AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
  return { db: undefined as unknown, fail: false };
});
vi.mock("@/lib/db", () => ({
  getDb: async () => {
    if (state.fail) throw new Error("database is down");
    return state.db;
  },
}));

const { POST: callRoute } = await import("@/app/api/relay/call/route");
const { POST: messageRoute } = await import("@/app/api/relay/message/route");
const { POST: voiceRoute } = await import("@/app/api/relay/twilio/voice/route");
const { POST: smsRoute } = await import("@/app/api/relay/twilio/message/route");
const { POST: whisperRoute } = await import("@/app/api/relay/twilio/whisper/route");

const SECRET = process.env.RELAY_SIGNING_SECRET as string;
const TOKEN = process.env.TWILIO_AUTH_TOKEN as string;
const ORIGIN = "http://localhost:3000";

function signed(
  path: string,
  payload: unknown,
  { id = `msg_${randomBytes(8).toString("hex")}`, at = new Date(), secret = SECRET } = {},
): Request {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(id, at, body),
    },
    body,
  });
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

/** A Twilio webhook request, signed by the official package for the URL Twilio was configured with. */
function twilioRequest(
  path: string,
  params: Record<string, string>,
  { signedFor = `${ORIGIN}${path}`, token = TOKEN }: { signedFor?: string; token?: string } = {},
): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(token, signedFor, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

describe.each(drivers())("relay route handlers on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let merchantId: number;
  let buyer: { id: string; phone: string };
  let line: PlacedLine;

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
    state.db = db;
    ({ merchantId } = await seedRelayWorld(db));
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    state.fail = false;
    buyer = await makeProtectedBuyer(db);
    line = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: new Date() });
  });

  const callBody = () => ({ to: line.host, extension: line.extension, from: MERCHANT_PHONE });
  const eventsOf = (orderId: string) => db.select().from(contactEvents).where(eq(contactEvents.orderId, orderId));

  describe("Standard Webhooks JSON", () => {
    it("forwards a signed call to a live line and logs it; the stored answer keeps the number sealed", async () => {
      const response = await callRoute(signed("/api/relay/call", callBody(), { id: "msg_forward_1" }));
      expect(response.status).toBe(200);
      const answer = await response.json();
      expect(answer).toEqual({
        action: "forward",
        to: `+86${buyer.phone}`,
        whisper: "Call from Blue Whale Electronics about your order of USB-C charger 65 W",
        whisperZh: "蓝鲸数码旗舰店来电：您购买的USB-C charger 65 W",
      });
      expect(await eventsOf(line.orderId)).toMatchObject([
        { channel: "call", outcome: "forwarded", callerKind: "merchant" },
      ]);
      const [stored] = await db.select().from(relayWebhooks).where(eq(relayWebhooks.webhookId, "msg_forward_1"));
      expect(stored.provider).toBe("standard");
      expect(JSON.stringify(stored)).not.toContain(buyer.phone);
    });

    it("rejects a call to an ended line with its reason", async () => {
      await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: new Date() });
      const response = await callRoute(signed("/api/relay/call", callBody()));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ action: "reject", reason: "ended" });
      expect(await eventsOf(line.orderId)).toMatchObject([{ outcome: "rejected", reason: "ended" }]);
    });

    it("rejects a call to a number that is not ours as `unknown`", async () => {
      const response = await callRoute(signed("/api/relay/call", { ...callBody(), to: "17099999999" }));
      expect(await response.json()).toEqual({ action: "reject", reason: "unknown" });
    });

    it("stores a pickup notice and answers with its code", async () => {
      const text = "【菜鸟驿站】您的包裹已到文三路88号菜鸟驿站，取件码 5-2-1234";
      const response = await messageRoute(signed("/api/relay/message", { ...callBody(), from: "10690000123", text }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        action: "forward",
        to: `+86${buyer.phone}`,
        whisper: "Message about your order of USB-C charger 65 W from Blue Whale Electronics",
        whisperZh: "短信：您在蓝鲸数码旗舰店购买的USB-C charger 65 W",
        pickupCode: "5-2-1234",
      });
      expect(await eventsOf(line.orderId)).toMatchObject([
        { channel: "message", messageText: text, pickupCode: "5-2-1234", station: "菜鸟驿站" },
      ]);
    });

    it("answers a repeated webhook-id with the first answer and writes nothing new, even after the line ended", async () => {
      const id = `msg_${randomBytes(8).toString("hex")}`;
      const body = JSON.stringify(callBody());
      const first = await (await callRoute(signed("/api/relay/call", body, { id }))).json();
      expect(first.action).toBe("forward");
      await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: new Date() });
      const before = await relayRowCounts(db);
      const again = await callRoute(signed("/api/relay/call", body, { id }));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(first);
      expect(await relayRowCounts(db)).toEqual(before);

      const reused = await callRoute(signed("/api/relay/call", { ...callBody(), from: STRANGER }, { id }));
      expect(reused.status).toBe(409);
      expect(await reused.json()).toEqual({
        error: "webhook_id_reused",
        message: "This webhook-id was already used for a different request.",
      });
      expect(await relayRowCounts(db)).toEqual(before);
    });

    it("answers two concurrent deliveries of one webhook-id once", async () => {
      const id = `msg_${randomBytes(8).toString("hex")}`;
      const body = JSON.stringify(callBody());
      const before = await relayRowCounts(db);
      const answers = await Promise.all(
        [1, 2, 3].map(async () => (await callRoute(signed("/api/relay/call", body, { id }))).json()),
      );
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(await relayRowCounts(db)).toEqual({
        ...before,
        contact_events: before.contact_events + 1,
        relay_webhooks: before.relay_webhooks + 1,
      });
    });

    const now = () => new Date();
    const bad: [name: string, make: () => Request, status: number, error: string][] = [
      [
        "unsigned",
        () =>
          new Request(`${ORIGIN}/api/relay/call`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ to: "17012345678", extension: "0001", from: "13900001111" }),
          }),
        401,
        "missing_signature",
      ],
      [
        "signed with another secret",
        () =>
          signed(
            "/api/relay/call",
            { to: "17012345678", extension: "0001", from: "13900001111" },
            {
              secret: `whsec_${randomBytes(32).toString("base64")}`,
            },
          ),
        401,
        "bad_signature",
      ],
      [
        "stale (6 minutes old)",
        () =>
          signed(
            "/api/relay/call",
            { to: "17012345678", extension: "0001", from: "13900001111" },
            {
              at: new Date(now().getTime() - 6 * 60_000),
            },
          ),
        401,
        "stale_timestamp",
      ],
      [
        "from the future",
        () =>
          signed(
            "/api/relay/call",
            { to: "17012345678", extension: "0001", from: "13900001111" },
            {
              at: new Date(now().getTime() + 6 * 60_000),
            },
          ),
        401,
        "stale_timestamp",
      ],
      ["malformed JSON", () => signed("/api/relay/call", '{"to": "17012345678", '), 400, "malformed_json"],
      [
        "wrong shape",
        () => signed("/api/relay/call", { to: "17012345678", extension: "04211", from: "13900001111" }),
        400,
        "invalid_body",
      ],
      ["not an object", () => signed("/api/relay/call", "[1,2,3]"), 400, "invalid_body"],
      [
        "a message without text",
        () => signed("/api/relay/message", { to: "17012345678", extension: "0001", from: "13900001111" }),
        400,
        "invalid_body",
      ],
      [
        "oversized (17 KB, signed)",
        () =>
          signed("/api/relay/message", {
            to: "17012345678",
            extension: "0001",
            from: "13900001111",
            text: "x".repeat(17 * 1024),
          }),
        413,
        "payload_too_large",
      ],
      [
        "oversized, streamed without Content-Length",
        () => {
          const chunk = new TextEncoder().encode("x".repeat(4096));
          let sent = 0;
          const body = new ReadableStream<Uint8Array>({
            pull(controller) {
              sent += 1;
              if (sent > 10) controller.close();
              else controller.enqueue(chunk);
            },
          });
          return new Request(`${ORIGIN}/api/relay/call`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
            duplex: "half",
          } as RequestInit);
        },
        413,
        "payload_too_large",
      ],
      [
        "not JSON",
        () => {
          const request = signed("/api/relay/call", { to: "17012345678", extension: "0001", from: "13900001111" });
          const headers = new Headers(request.headers);
          headers.set("content-type", "text/plain");
          return new Request(request.url, {
            method: "POST",
            headers,
            body: request.body,
            duplex: "half",
          } as RequestInit);
        },
        415,
        "unsupported_media_type",
      ],
      [
        "not UTF-8",
        () =>
          new Request(`${ORIGIN}/api/relay/call`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
          }),
        400,
        "bad_encoding",
      ],
    ];

    it("says what is wrong with a body that is not JSON", async () => {
      const response = await callRoute(signed("/api/relay/call", '{"to": "17012345678", '));
      expect(await response.json()).toEqual({ error: "malformed_json", message: "The body is not valid JSON." });
    });

    it.each(bad)(
      "refuses a request that is %s with a JSON 4xx and writes nothing",
      async (_name, make, status, error) => {
        const before = await relayRowCounts(db);
        const request = make();
        const route = request.url.endsWith("/message") ? messageRoute : callRoute;
        const response = await route(request);
        expect(response.status).toBe(status);
        expect(await response.json()).toMatchObject({ error });
        expect(await relayRowCounts(db)).toEqual(before);
      },
    );

    it("refuses a message to a live line with NUL or another C0 control character with 400 (a 503 is retried forever), writing nothing", async () => {
      const before = await relayRowCounts(db);
      for (const text of ["取件码\u00008841", "bell\u0007", "\u001b[31m"]) {
        const response = await messageRoute(signed("/api/relay/message", { ...callBody(), from: "10690000123", text }));
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          error: "invalid_body",
          message: expect.stringContaining("text:"),
        });
      }
      expect(await relayRowCounts(db)).toEqual(before);
    });

    it("keeps tab, line feed and carriage return in a message", async () => {
      const text = "【菜鸟驿站】\r\n取件码\t5-2-1234";
      const response = await messageRoute(signed("/api/relay/message", { ...callBody(), from: "10690000123", text }));
      expect(await response.json()).toMatchObject({ action: "forward", pickupCode: "5-2-1234" });
      expect(await eventsOf(line.orderId)).toMatchObject([{ messageText: text }]);
    });

    it("carries the security headers itself (proxy.ts does not run on the relay)", async () => {
      for (const response of [
        await callRoute(signed("/api/relay/call", callBody())),
        await callRoute(new Request(`${ORIGIN}/api/relay/call`, { method: "POST", body: "{}" })),
      ]) {
        expect(response.headers.get("content-security-policy")).toMatch(
          /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
        );
        expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("cache-control")).toBe("no-store");
      }
    });

    it("logs a failed query by its name only, never its bound parameters", async () => {
      const logged: string[] = [];
      const spies = (["error", "warn", "info", "log"] as const).map((level) =>
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          logged.push(args.map(String).join(" "));
        }),
      );
      const realDb = state.db;
      state.db = {
        transaction: async () => {
          throw new DrizzleQueryError(
            "insert into contact_events values ($1, $2)",
            [buyer.phone, "Li Wei"],
            new Error("boom"),
          );
        },
      };
      try {
        const response = await callRoute(signed("/api/relay/call", callBody()));
        expect(response.status).toBe(503);
      } finally {
        state.db = realDb;
        for (const spy of spies) spy.mockRestore();
      }
      expect(logged.join("\n")).toContain("[relay]");
      expect(logged.join("\n")).not.toMatch(new RegExp(`${buyer.phone}|Li Wei|insert into`));
    });

    it("answers a reject with 503 and writes nothing when the database is down", async () => {
      const before = await relayRowCounts(db);
      state.fail = true;
      const response = await callRoute(signed("/api/relay/call", callBody()));
      state.fail = false;
      expect(response.status).toBe(503);
      // The provider may try again in a second: the decision is not kept, so a retry decides afresh.
      expect(response.headers.get("retry-after")).toBe("1");
      expect(await response.json()).toEqual({ action: "reject", reason: "unavailable" });
      expect(await relayRowCounts(db)).toEqual(before);
    });
  });

  describe("Twilio", () => {
    const voice = (extra: Record<string, string> = {}, callSid = sid("CA")) => ({
      CallSid: callSid,
      AccountSid: sid("AC"),
      From: `+86${MERCHANT_PHONE}`,
      To: `+86${line.host}`,
      CallStatus: "in-progress",
      Direction: "inbound",
      ...extra,
    });

    it("gathers the extension when only the host was dialled, then dials the real number with a whisper", async () => {
      const before = await relayRowCounts(db);
      const callSid = sid("CA");
      const gather = await voiceRoute(twilioRequest("/api/relay/twilio/voice", voice({}, callSid)));
      expect(gather.status).toBe(200);
      expect(gather.headers.get("content-type")).toMatch(/xml/);
      const gatherXml = await gather.text();
      expect(gatherXml).toContain('<Gather numDigits="4" action="/api/relay/twilio/voice" method="POST"');
      expect(await relayRowCounts(db)).toEqual(before);

      const dial = await voiceRoute(
        twilioRequest("/api/relay/twilio/voice", voice({ Digits: line.extension }, callSid)),
      );
      expect(dial.status).toBe(200);
      const xml = await dial.text();
      expect(xml).toMatch(
        new RegExp(
          `<Dial answerOnBridge="true" timeout="30"><Number url="/api/relay/twilio/whisper\\?en=[^"]+" method="POST">\\+86${buyer.phone}</Number></Dial>`,
        ),
      );
      expect(await eventsOf(line.orderId)).toMatchObject([
        { channel: "call", outcome: "forwarded", callerKind: "merchant" },
      ]);

      // Twilio fetches the whisper on the buyer's leg, signed like any webhook.
      const whisperUrl = new URL(/<Number url="([^"]+)"/.exec(xml)?.[1].replaceAll("&amp;", "&") ?? "", ORIGIN);
      const whisper = await whisperRoute(
        twilioRequest(`${whisperUrl.pathname}${whisperUrl.search}`, { CallSid: sid("CA"), CallStatus: "in-progress" }),
      );
      expect(whisper.status).toBe(200);
      expect(await whisper.text()).toContain(
        '<Say language="en-US">Call from Blue Whale Electronics about your order of USB-C charger 65 W</Say><Say language="zh-CN">蓝鲸数码旗舰店来电：您购买的USB-C charger 65 W</Say>',
      );

      // Twilio retrying the same call gets the same TwiML and nothing is written twice.
      const counts = await relayRowCounts(db);
      const retry = await voiceRoute(
        twilioRequest("/api/relay/twilio/voice", voice({ Digits: line.extension }, callSid)),
      );
      expect(await retry.text()).toBe(xml);
      expect(await relayRowCounts(db)).toEqual(counts);
    });

    it("takes the extension from the webhook URL's ?extension= too", async () => {
      const path = `/api/relay/twilio/voice?extension=${line.extension}`;
      const response = await voiceRoute(twilioRequest(path, voice()));
      expect(await response.text()).toContain(`<Number url=`);
    });

    it("rejects a call to a line that has ended: Say, then Hangup", async () => {
      await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: new Date() });
      const response = await voiceRoute(twilioRequest("/api/relay/twilio/voice", voice({ Digits: line.extension })));
      expect(response.status).toBe(200);
      const xml = await response.text();
      expect(xml).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">This number is no longer in service.</Say><Say language="zh-CN">您拨打的号码已停止使用。</Say><Hangup/></Response>',
      );
      expect(await eventsOf(line.orderId)).toMatchObject([{ outcome: "rejected", reason: "ended" }]);
    });

    it("refuses a bad or missing signature with 403 and writes nothing", async () => {
      const before = await relayRowCounts(db);
      const params = voice({ Digits: line.extension });
      const wrongToken = twilioRequest("/api/relay/twilio/voice", params, {
        token: "ffffffffffffffffffffffffffffffff",
      });
      expect((await voiceRoute(wrongToken)).status).toBe(403);
      const tampered = twilioRequest("/api/relay/twilio/voice", params);
      const body = new URLSearchParams({ ...params, From: `+86${STRANGER}` }).toString();
      const forged = new Request(tampered.url, { method: "POST", headers: tampered.headers, body });
      const answer = await voiceRoute(forged);
      expect(answer.status).toBe(403);
      expect(await answer.json()).toMatchObject({ error: "bad_signature" });
      const unsigned = new Request(`${ORIGIN}/api/relay/twilio/voice`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params).toString(),
      });
      expect((await voiceRoute(unsigned)).status).toBe(403);
      expect(await relayRowCounts(db)).toEqual(before);
    });

    it("checks the signature against PUBLIC_BASE_URL when the app sits behind a proxy", async () => {
      const params = voice({ Digits: line.extension });
      const publicUrl = "https://relay.example.com/api/relay/twilio/voice";
      expect(
        (await voiceRoute(twilioRequest("/api/relay/twilio/voice", params, { signedFor: publicUrl }))).status,
      ).toBe(403);
      vi.stubEnv("PUBLIC_BASE_URL", "https://relay.example.com");
      try {
        const response = await voiceRoute(twilioRequest("/api/relay/twilio/voice", params, { signedFor: publicUrl }));
        expect(response.status).toBe(200);
        expect(await response.text()).toContain("<Dial");
      } finally {
        vi.unstubAllEnvs();
      }
    });

    const sms = (Body: string, extra: Record<string, string> = {}) => ({
      MessageSid: sid("SM"),
      AccountSid: sid("AC"),
      From: "+8610690000123",
      To: `+86${line.host}`,
      Body,
      NumMedia: "0",
      ...extra,
    });

    it("forwards a pickup notice to the buyer with <Message to>, code stored on the order", async () => {
      const text = "【菜鸟驿站】您的包裹已到站，凭取件码 8841 取件";
      const response = await smsRoute(twilioRequest("/api/relay/twilio/message", sms(`${line.extension} ${text}`)));
      expect(response.status).toBe(200);
      const xml = await response.text();
      expect(xml).toContain(
        `<Message to="+86${buyer.phone}">[Message about your order of USB-C charger 65 W from Blue Whale Electronics] `,
      );
      expect(xml).toContain(text);
      expect(await eventsOf(line.orderId)).toMatchObject([
        { channel: "message", pickupCode: "8841", messageText: text },
      ]);
    });

    it("asks for the extension when a text does not start with one, writing nothing", async () => {
      const before = await relayRowCounts(db);
      const response = await smsRoute(twilioRequest("/api/relay/twilio/message", sms("取件码 8841")));
      // One message in every locale, the English first.
      expect(await response.text()).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Start your message with the 4-digit extension ' +
          'of the line, e.g. "0421 your text". 请在短信开头输入四位分机号，如“0421 内容”。</Message></Response>',
      );
      expect(await relayRowCounts(db)).toEqual(before);
    });

    it("takes a text's extension from the webhook URL's ?extension=, the whole text trimmed", async () => {
      const path = `/api/relay/twilio/message?extension=${line.extension}`;
      const text = "取件码 8841，请到菜鸟驿站取件";
      const response = await smsRoute(twilioRequest(path, sms(`  ${text}\n`)));
      expect(await response.text()).toContain(`<Message to="+86${buyer.phone}">`);
      expect(await eventsOf(line.orderId)).toMatchObject([{ channel: "message", messageText: text }]);
    });

    it("drops a message to an ended line without a reply, logged on the order", async () => {
      await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: new Date() });
      const response = await smsRoute(twilioRequest("/api/relay/twilio/message", sms(`#${line.extension} hello`)));
      expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      expect(await eventsOf(line.orderId)).toMatchObject([
        { channel: "message", outcome: "rejected", reason: "ended" },
      ]);
    });

    it("refuses a text with a NUL with 400, so Twilio does not retry it, and writes nothing", async () => {
      const before = await relayRowCounts(db);
      const response = await smsRoute(
        twilioRequest("/api/relay/twilio/message", sms(`${line.extension} 取件码\u00008841`)),
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_body" });
      expect(await relayRowCounts(db)).toEqual(before);
    });

    it("refuses a malformed signed request with 400", async () => {
      const before = await relayRowCounts(db);
      const response = await voiceRoute(
        twilioRequest("/api/relay/twilio/voice", { CallSid: "nope", To: "x", From: "y" }),
      );
      expect(response.status).toBe(400);
      expect(await relayRowCounts(db)).toEqual(before);
    });
  });
});
