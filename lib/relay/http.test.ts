import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  checkDeclaredLength,
  invalidBody,
  jsonAnswer,
  jsonError,
  MAX_BODY_BYTES,
  mediaType,
  plainText,
  readBody,
  withSecurityHeaders,
  xmlAnswer,
} from "./http";
import { logAnswer } from "./log";

const ORIGIN = "http://localhost:3000/api/relay/call";

/** A body that hands out `chunks` on demand (then hangs, or ends), counting what was pulled. */
function streamed(chunks: Uint8Array[], { end = true, gapMs = 0 } = {}) {
  const pulled = { count: 0 };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pulled.count >= chunks.length) {
          if (end) controller.close();
          else await new Promise(() => {});
          return;
        }
        if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
        controller.enqueue(chunks[pulled.count]);
        pulled.count += 1;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled };
}

function request(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(ORIGIN, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

async function refusal(result: Awaited<ReturnType<typeof readBody>>) {
  if (result.ok) throw new Error(`expected a refusal, read ${result.value.length} characters`);
  return { status: result.response.status, ...(await result.response.json()) };
}

describe("readBody", () => {
  it("refuses a body whose stream breaks while it is read (400), with nothing kept", async () => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new Error("connection reset"));
        else controller.enqueue(new TextEncoder().encode('{"to":'));
        sent = true;
      },
    });
    expect(await refusal(await readBody(request(body), { timeoutMs: 60_000 }))).toEqual({
      status: 400,
      error: "unreadable_body",
      message: "The body could not be read.",
    });
  });

  it("refuses a declared Content-Length over 16 KB at once, without reading a byte", async () => {
    const { body, pulled } = streamed([new TextEncoder().encode("{}")], { end: false });
    const result = await readBody(request(body, { "content-length": "20000" }), { timeoutMs: 60_000 });
    expect(await refusal(result)).toMatchObject({ status: 413, error: "payload_too_large" });
    expect(pulled.count).toBe(0);
  });

  it("stops reading at the first chunk past 16 KB", async () => {
    const chunk = new Uint8Array(4096).fill(0x37);
    const { body, pulled } = streamed(Array.from({ length: 100 }, () => chunk));
    expect(await refusal(await readBody(request(body)))).toMatchObject({ status: 413 });
    expect(pulled.count).toBe(MAX_BODY_BYTES / chunk.byteLength + 1);
  });

  it("gives up with 408 on a body shorter than it said, and on one trickled in", async () => {
    const short = streamed([new TextEncoder().encode("{}")], { end: false });
    const started = performance.now();
    const result = await readBody(request(short.body, { "content-length": "100" }), { timeoutMs: 300 });
    expect(await refusal(result)).toEqual({
      status: 408,
      error: "request_timeout",
      message: "The body did not arrive within 300 ms.",
    });
    expect(performance.now() - started).toBeLessThan(2_000);

    const bytes = [...new TextEncoder().encode('{"to":"17012345678"}')].map((byte) => new Uint8Array([byte]));
    const trickled = streamed(bytes, { gapMs: 50 });
    expect(await refusal(await readBody(request(trickled.body), { timeoutMs: 300 }))).toMatchObject({ status: 408 });
    expect(trickled.pulled.count).toBeLessThan(bytes.length);
  });

  it("reads a request without a body as an empty one", async () => {
    expect(await readBody(new Request(ORIGIN, { method: "POST" }))).toEqual({ ok: true, value: "" });
  });

  it("reads a body that arrives in time, whole, as UTF-8", async () => {
    const text = '{"text":"【菜鸟驿站】取件码 5-2-1234"}';
    const bytes = new TextEncoder().encode(text);
    const { body } = streamed([bytes.slice(0, 7), bytes.slice(7)]);
    expect(await readBody(request(body), { timeoutMs: 1_000 })).toEqual({ ok: true, value: text });
  });

  it("refuses bytes that are not UTF-8 (400), even when the rest of the body is", async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"text":"'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('"}'),
    ]);
    expect(await refusal(await readBody(request(streamed([bytes]).body), { timeoutMs: 1_000 }))).toEqual({
      status: 400,
      error: "bad_encoding",
      message: "The body must be UTF-8.",
    });
  });
});

describe("the relay's answers", () => {
  it("are never cached, and keep the headers a step adds", async () => {
    const refused = jsonError(429, "rate_limited", "Too many calls.", { "retry-after": "5" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(await refused.json()).toEqual({ error: "rate_limited", message: "Too many calls." });

    const answered = jsonAnswer({ action: "forward" }, 200, { "x-relay": "1" });
    expect(answered.headers.get("cache-control")).toBe("no-store");
    expect(answered.headers.get("x-relay")).toBe("1");
    expect(await answered.json()).toEqual({ action: "forward" });

    const xml = xmlAnswer("<Response/>");
    expect(xml.headers.get("cache-control")).toBe("no-store");
    expect(xml.headers.get("content-type")).toBe("text/xml; charset=utf-8");
  });
});

describe("logAnswer", () => {
  it("writes one line per answer: the caller masked, four digits of the extension, never the number forwarded to", () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    try {
      const whisper = { "zh-CN": "来自订单的来电", en: "A call about your order" };
      logAnswer("call", "0042", "13812345678", { action: "forward", to: "+8613900001111", whisper }, false);
      logAnswer("message", "x12345", "10690000", { action: "reject", reason: "cooling" }, true);
      expect(info.mock.calls.map((call) => call.join(" "))).toEqual([
        "[relay] call ext 0042 from *******5678 → forward",
        "[relay] message ext 1234 from ****0000 → reject cooling (replayed)",
      ]);
      expect(JSON.stringify(info.mock.calls)).not.toContain("13900001111");
      expect(JSON.stringify(info.mock.calls)).not.toContain("13812345678");
    } finally {
      info.mockRestore();
    }
  });
});

describe("mediaType", () => {
  const typed = (value?: string) =>
    new Request(ORIGIN, { method: "POST", headers: value === undefined ? {} : { "content-type": value } });
  it("is the media type alone, lower-cased, without its parameters or spaces", () => {
    expect(mediaType(typed(" Application/JSON ; charset=UTF-8"))).toBe("application/json");
    expect(mediaType(typed("application/x-www-form-urlencoded"))).toBe("application/x-www-form-urlencoded");
    expect(mediaType(typed())).toBe("");
  });
});

describe("checkDeclaredLength", () => {
  const declaring = (length?: string) =>
    new Request(ORIGIN, { method: "POST", headers: length === undefined ? {} : { "content-length": length } });
  const status = (step: ReturnType<typeof checkDeclaredLength>) => (step.ok ? "ok" : step.response.status);
  it("lets through no declaration, or a number up to the limit", () => {
    expect(status(checkDeclaredLength(declaring()))).toBe("ok");
    expect(status(checkDeclaredLength(declaring("0")))).toBe("ok");
    expect(status(checkDeclaredLength(declaring(String(MAX_BODY_BYTES))))).toBe("ok");
    expect(status(checkDeclaredLength(declaring(" 120 ")))).toBe("ok");
  });
  it("refuses a declaration that is not a whole number (400), and one over the limit (413)", async () => {
    for (const bad of ["12a", "a12", "-1", "1.5", "1e3", "1234567890123456"]) {
      const step = checkDeclaredLength(declaring(bad));
      expect(status(step), bad).toBe(400);
      if (!step.ok)
        expect(await step.response.json()).toEqual({
          error: "bad_content_length",
          message: "Content-Length is not a number.",
        });
    }
    const over = checkDeclaredLength(declaring(String(MAX_BODY_BYTES + 1)));
    expect(status(over)).toBe(413);
    if (!over.ok)
      expect(await over.response.json()).toEqual({
        error: "payload_too_large",
        message: `The body must be at most ${MAX_BODY_BYTES} bytes.`,
      });
    expect(status(checkDeclaredLength(declaring("11"), 10))).toBe(413);
  });
});

describe("withSecurityHeaders", () => {
  it("gives a relay answer the app's security headers and a production policy, whatever the step set", async () => {
    const answer = withSecurityHeaders(
      new Request("https://relay.example.test/api/relay/call", { headers: { "x-forwarded-proto": "https" } }),
      new Response("<Response/>", { status: 202, headers: { "cache-control": "max-age=60", "x-step": "kept" } }),
    );
    expect(answer.status).toBe(202);
    expect(await answer.text()).toBe("<Response/>");
    expect(answer.headers.get("x-step")).toBe("kept");
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    const policy = answer.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toContain("unsafe-inline");
  });
});

describe("plainText", () => {
  it("takes text with tabs and line breaks, and refuses any other control character", () => {
    expect(plainText.safeParse("取件码 5-2-1234\t\r\n请凭码取件").success).toBe(true);
    for (const control of ["\u0000", "\u0001", "\u001b", "\u001f", "\u000b", "\u000c"]) {
      const result = plainText.safeParse(`code 1234${control}`);
      expect(result.success, JSON.stringify(control)).toBe(false);
      expect(result.error?.issues[0].message).toBe("must not contain control characters");
    }
    expect(plainText.safeParse(" ~\u007f中").success).toBe(true);
  });
});

describe("invalidBody", () => {
  it("names each field and what is wrong with it, the body itself as 'body', at most five", async () => {
    const schema = z.object({
      a: z.string(),
      b: z.object({ c: z.number() }),
      d: z.string(),
      e: z.string(),
      f: z.string(),
      g: z.string(),
    });
    const failed = schema.safeParse({ b: {} });
    if (failed.success) throw new Error("expected the schema to refuse");
    const { response } = invalidBody(failed.error);
    expect(response.status).toBe(400);
    const { error, message } = await response.json();
    expect(error).toBe("invalid_body");
    const parts = message.split("; ");
    expect(parts).toHaveLength(5);
    expect(parts[0]).toMatch(/^a: /);
    expect(parts[1]).toMatch(/^b\.c: /);
    expect(parts.slice(2).map((part: string) => part.split(":")[0])).toEqual(["d", "e", "f"]);

    const root = z.string().safeParse(7);
    if (root.success) throw new Error("expected the schema to refuse");
    expect((await invalidBody(root.error).response.json()).message).toMatch(/^body: /);
  });
});
