import { z } from "zod";
import { baseSecurityHeaders, contentSecurityPolicy, createNonce, isHttps } from "@/lib/security/headers";
import { settings } from "@/lib/settings";

/** Provider requests are small: anything bigger is refused before it is parsed. */
export const MAX_BODY_BYTES = 16 * 1024;

/** One step of the pipeline: a value to go on with, or the response that ends the request. */
export type Step<T> = { ok: true; value: T } | { ok: false; response: Response };

const NO_STORE = { "cache-control": "no-store" };

export function jsonError(status: number, error: string, message: string, headers: HeadersInit = {}): Response {
  return Response.json({ error, message }, { status, headers: { ...NO_STORE, ...headers } });
}

export function jsonAnswer(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function xmlAnswer(xml: string, status = 200): Response {
  return new Response(xml, { status, headers: { ...NO_STORE, "content-type": "text/xml; charset=utf-8" } });
}

export function refuse(status: number, error: string, message: string): { ok: false; response: Response } {
  return { ok: false, response: jsonError(status, error, message) };
}

/**
 * proxy.ts does not run on the relay (it would buffer the whole body first), so the relay's responses get
 * the same security headers here.
 */
export function withSecurityHeaders(request: Request, response: Response): Response {
  const url = new URL(request.url);
  const https = isHttps(url, request.headers);
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(baseSecurityHeaders({ https }))) headers.set(name, value);
  headers.set("content-security-policy", contentSecurityPolicy({ nonce: createNonce(), https, dev: false }));
  headers.set("cache-control", "no-store");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The media type of the request, lower-cased, without parameters. */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/** A declared Content-Length over the cap is refused before a byte of the body is read. */
export function checkDeclaredLength(request: Request, limit = MAX_BODY_BYTES): Step<null> {
  const declared = request.headers.get("content-length");
  if (declared === null) return { ok: true, value: null };
  if (!/^\d{1,15}$/.test(declared.trim())) return refuse(400, "bad_content_length", "Content-Length is not a number.");
  if (Number(declared) > limit) return tooLarge(limit);
  return { ok: true, value: null };
}

const tooLarge = (limit: number) => refuse(413, "payload_too_large", `The body must be at most ${limit} bytes.`);

/**
 * Reads the body as UTF-8, counting bytes as they arrive: past `limit` it stops at once (413); a body
 * that has not all arrived within `timeoutMs` (a short one under a longer Content-Length, or one trickled
 * in) is given up (408). Bytes that are not UTF-8 are refused (400). Nothing is parsed here.
 */
export async function readBody(
  request: Request,
  { limit = MAX_BODY_BYTES, timeoutMs = settings.relayBodyTimeoutMs } = {},
): Promise<Step<string>> {
  const declared = checkDeclaredLength(request, limit);
  if (!declared.ok) return declared;
  if (!request.body) return { ok: true, value: "" };
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stop = () => reader.cancel().catch(() => {});
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), late]);
      if (next === "late") {
        stop();
        return refuse(408, "request_timeout", `The body did not arrive within ${timeoutMs} ms.`);
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > limit) {
        stop();
        return tooLarge(limit);
      }
      chunks.push(next.value);
    }
  } catch {
    return refuse(400, "unreadable_body", "The body could not be read.");
  } finally {
    clearTimeout(timer);
  }
  try {
    return { ok: true, value: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return refuse(400, "bad_encoding", "The body must be UTF-8.");
  }
}

/**
 * Text a provider hands on. C0 control characters (but tab, line feed and carriage return) are refused:
 * PostgreSQL cannot store NUL, and a provider retries a 5xx forever where a 400 tells it to stop.
 */
export const plainText = z
  .string()
  .refine(
    (text) => ![...text].some((char) => char < " " && char !== "\t" && char !== "\n" && char !== "\r"),
    "must not contain control characters",
  );

export function invalidBody(error: z.ZodError): { ok: false; response: Response } {
  const fields = error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
  return refuse(400, "invalid_body", fields.slice(0, 5).join("; "));
}
