/** Next's own limit for a server action's body (serverActions.bodySizeLimit, left at its default). */
export const ACTION_BODY_LIMIT = 1024 * 1024;

const ACTION_ID = /^[0-9a-f]{40,128}$/i;

function refuse(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * A server-action fetch (one with a Next-Action header) that Next would answer with a 500: from
 * another origin (its CSRF check), over the body limit, or not a body Next can decode. Refused here
 * with a 4xx before Next sees it; null lets it through. Next keeps its own checks.
 */
export async function refuseBadActionPost(request: Request): Promise<Response | null> {
  const actionId = request.headers.get("next-action");
  if (request.method !== "POST" || actionId === null) return null;
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin !== null) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {}
    if (originHost === null || originHost !== host) {
      return refuse(403, "cross_origin", "Server actions are accepted from this site only.");
    }
  }
  if (!ACTION_ID.test(actionId)) return refuse(400, "bad_action", "This is not a server action of this site.");
  const declared = request.headers.get("content-length") ?? "";
  const length = /^\d{1,15}$/.test(declared) ? Number(declared) : Number.NaN;
  if (Number.isNaN(length)) return refuse(411, "length_required", "A server action needs a Content-Length.");
  if (length > ACTION_BODY_LIMIT) return refuse(413, "too_large", "The form is larger than 1 MB.");
  const type = request.headers.get("content-type") ?? "";
  try {
    if (/^multipart\/form-data/i.test(type)) await request.clone().formData();
    else if (/^text\/plain\b/i.test(type) || type === "") {
      if (length > 0 && !Array.isArray(JSON.parse(await request.clone().text()))) throw new Error("not a reply");
    } else if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw new Error("content type");
  } catch {
    return refuse(400, "bad_action", "This request could not be read as a form.");
  }
  return null;
}
