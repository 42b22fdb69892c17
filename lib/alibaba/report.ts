import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { providerBindings } from "@/lib/db/schema";
import { decideContactIn } from "@/lib/protection/relay";
import { toAnswer } from "@/lib/relay/answer";
import { checkDeclaredLength, jsonAnswer, jsonError, mediaType, readBody, withSecurityHeaders } from "@/lib/relay/http";
import { answerOnce } from "@/lib/relay/idempotency";
import { clientIp } from "@/lib/security/rate-limit";
import { fromBeijingTime } from "./client";
import { isAlibaba, reportAllowList, reportToken } from "./config";

/**
 * Alibaba's SecretReport push (HTTP batch push of call detail records, JSON array). It is not signed,
 * so the endpoint is guarded by a secret path token and a source allow-list. It is documented as not
 * idempotent: each record is stored once by its `call_id`, however often it is pushed. A record lands
 * in the buyer's contact log like a relay contact: the line is found by the binding's `out_id` (our
 * binding id) and judged as it was at the call's time.
 */

export const MAX_REPORT_BYTES = 256 * 1024;

const digits = z.union([z.string(), z.number()]).transform(String);

const recordSchema = z.object({
  call_id: z.string().trim().min(1).max(100),
  out_id: z.string().trim().max(128).optional().nullable(),
  secret_no: digits,
  peer_no: digits,
  call_type: z.union([z.number(), z.string()]).transform(Number),
  call_time: z.string(),
  sms_number: z.union([z.number(), z.string()]).transform(Number).optional().nullable(),
});
export type ReportRecord = z.infer<typeof recordSchema>;

/** `a.b.c.d` or `a.b.c.d/n` (IPv4) matching `ip`. */
export function ipAllowed(ip: string, allow: string[]): boolean {
  if (allow.length === 0) return true;
  const toInt = (text: string) => {
    const parts = text.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
    return parts.reduce((n, p) => n * 256 + Number(p), 0);
  };
  const address = toInt(ip.replace(/^::ffff:/, ""));
  if (address === null) return false;
  return allow.some((entry) => {
    const [base, bitsText] = entry.split("/");
    const start = toInt(base);
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (start === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
    const size = 2 ** (32 - bits);
    return Math.floor(address / size) === Math.floor(start / size);
  });
}

function tokenMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A contact to log, or why the record is skipped (it is still acknowledged: pushing it again would not help). */
type Planned = { record: ReportRecord; channel: "call" | "message"; at: Date } | { skip: string };

function plan(record: ReportRecord): Planned {
  const at = fromBeijingTime(record.call_time);
  if (!at) return { skip: "call_time" };
  // 0: the buyer called out through X; only contacts reaching the buyer (1) and intercepted ones (4) are theirs to see.
  if (record.call_type !== 1 && record.call_type !== 4) return { skip: "outgoing" };
  const channel = (record.sms_number ?? 0) > 0 ? "message" : "call";
  return { record, channel, at };
}

export type ReportOutcome = { stored: number; repeated: number; skipped: number };

/** Stores a batch; throws when the database fails, so that the push is answered 5xx and retried. */
export async function storeReport(records: ReportRecord[]): Promise<ReportOutcome> {
  const db = await getDb();
  const outcome: ReportOutcome = { stored: 0, repeated: 0, skipped: 0 };
  for (const record of records) {
    const planned = plan(record);
    if ("skip" in planned || !record.out_id || !/^[0-9a-f-]{36}$/i.test(record.out_id)) {
      outcome.skipped += 1;
      continue;
    }
    const [line] = await db
      .select({ host: providerBindings.host, extension: providerBindings.extension })
      .from(providerBindings)
      .where(eq(providerBindings.bindingId, record.out_id));
    if (!line || line.host !== record.secret_no) {
      outcome.skipped += 1;
      continue;
    }
    const requestHash = createHash("sha256")
      .update([record.out_id, record.peer_no, record.call_type, record.call_time, planned.channel].join("\n"))
      .digest("hex");
    const result = await answerOnce(
      db,
      { provider: "alibaba", webhookId: record.call_id, requestHash, now: new Date() },
      async (tx) =>
        toAnswer(
          await decideContactIn(tx, {
            host: line.host,
            extension: line.extension,
            caller: record.peer_no,
            now: planned.at,
            channel: planned.channel,
          }),
        ),
    );
    if (result.kind === "unavailable") throw new Error("the contact log is unavailable");
    if (result.kind === "fresh") outcome.stored += 1;
    else outcome.repeated += 1;
  }
  return outcome;
}

/** The route: token, then source, then body; every refusal writes nothing. */
export async function handleReport(request: Request, token: string): Promise<Response> {
  const respond = (response: Response) => withSecurityHeaders(request, response);
  const expected = isAlibaba() ? reportToken() : null;
  if (!expected || !tokenMatches(token, expected)) return respond(jsonError(404, "not_found", "Not found."));
  if (!ipAllowed(clientIp(request.headers), reportAllowList())) {
    return respond(jsonError(403, "forbidden_source", "This source may not push call records."));
  }
  const declared = checkDeclaredLength(request, MAX_REPORT_BYTES);
  if (!declared.ok) return respond(declared.response);
  if (mediaType(request) !== "application/json") {
    return respond(jsonError(415, "unsupported_media_type", "Send application/json."));
  }
  const body = await readBody(request, { limit: MAX_REPORT_BYTES });
  if (!body.ok) return respond(body.response);
  let json: unknown;
  try {
    json = JSON.parse(body.value);
  } catch {
    return respond(jsonError(400, "invalid_json", "The body must be a JSON array of call records."));
  }
  const parsed = z.array(recordSchema).max(1000).safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join(".") || "body";
    return respond(jsonError(400, "invalid_body", `Not a SecretReport batch (${where}).`));
  }
  try {
    const outcome = await storeReport(parsed.data);
    console.info(
      `[alibaba] SecretReport: ${outcome.stored} stored, ${outcome.repeated} repeated, ${outcome.skipped} skipped`,
    );
    return respond(jsonAnswer({ code: 0, msg: "接收成功" }));
  } catch (error) {
    console.error(`[alibaba] SecretReport not stored: ${error instanceof Error ? error.name : typeof error}`);
    return respond(jsonError(503, "unavailable", "Try again later."));
  }
}
