/** Provider requests are small: anything bigger is refused before it is parsed. */
export const MAX_BODY_BYTES = 16 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; response: Response };

const NO_STORE = { "cache-control": "no-store" };

export function jsonError(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status, headers: NO_STORE });
}

export function jsonAnswer(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export function xmlAnswer(xml: string, status = 200): Response {
  return new Response(xml, { status, headers: { ...NO_STORE, "content-type": "text/xml; charset=utf-8" } });
}

/** The media type of the request, lower-cased, without parameters. */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * Reads the body as UTF-8 with a hard cap: a declared or actual length over `limit` stops reading at once
 * (413), bytes that are not UTF-8 are refused (400). Nothing is parsed here.
 */
export async function readCappedBody(request: Request, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const tooLarge = () => ({
    ok: false as const,
    response: jsonError(413, "payload_too_large", `The body must be at most ${limit} bytes.`),
  });
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d{1,15}$/.test(declared.trim())) {
      return { ok: false, response: jsonError(400, "bad_content_length", "Content-Length is not a number.") };
    }
    if (Number(declared) > limit) return tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limit) {
          await reader.cancel().catch(() => {});
          return tooLarge();
        }
        chunks.push(value);
      }
    } catch {
      return { ok: false, response: jsonError(400, "unreadable_body", "The body could not be read.") };
    }
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, response: jsonError(400, "bad_encoding", "The body must be UTF-8.") };
  }
}
