/** Server-action POSTs that Next would answer with a 500 are refused first, each with its own 4xx. */
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, refuseBadActionPost } from "./action-guard";

const ACTION = "7f".repeat(21);
const ORIGIN = "http://shop.example.com";

function action(
  body: string,
  headers: Record<string, string | null> = {},
  { method = "POST" }: { method?: string } = {},
): Request {
  const all: Record<string, string | null> = {
    host: "shop.example.com",
    origin: ORIGIN,
    "next-action": ACTION,
    "content-type": "text/plain;charset=UTF-8",
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  };
  const set = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null));
  return new Request(`${ORIGIN}/orders`, { method, headers: set, body: method === "GET" ? undefined : body });
}

async function refusal(request: Request) {
  const response = await refuseBadActionPost(request);
  if (!response) return null;
  return { status: response.status, cache: response.headers.get("cache-control"), body: await response.json() };
}

describe("refuseBadActionPost", () => {
  it.each([
    ["a reply (JSON array) from this site", action('["a",1]')],
    ["an empty reply", action("", { "content-length": "0" })],
    ["without Origin (a same-site form post by an old browser)", action("[]", { origin: null })],
    [
      "a reply whose type names multipart/form-data in a parameter only",
      action("[]", { "content-type": "text/plain; note=multipart/form-data" }),
    ],
    ["through a proxy that names the host", action("[]", { host: "app:3000", "x-forwarded-host": "shop.example.com" })],
    ["a urlencoded form", action("a=1", { "content-type": "application/x-www-form-urlencoded" })],
    [
      "a multipart form",
      action('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n', {
        "content-type": "multipart/form-data; boundary=b",
      }),
    ],
    ["a body exactly at the limit", action("[]", { "content-length": String(ACTION_BODY_LIMIT) })],
    [
      "a reply with no content type at all",
      new Request(`${ORIGIN}/orders`, {
        method: "POST",
        headers: { host: "shop.example.com", origin: ORIGIN, "next-action": ACTION, "content-length": "2" },
        body: new TextEncoder().encode("[]"),
      }),
    ],
  ])("lets through %s", async (_name, request) => {
    expect(await refuseBadActionPost(request)).toBeNull();
  });

  it("is not about requests that are not server actions", async () => {
    expect(await refuseBadActionPost(action("x", { "next-action": null }))).toBeNull();
    expect(await refuseBadActionPost(action("", { "content-length": null }, { method: "GET" }))).toBeNull();
  });

  const no = (status: number, error: string, message: string) => ({
    status,
    cache: "no-store",
    body: { error, message },
  });
  const crossOrigin = no(403, "cross_origin", "Server actions are accepted from this site only.");
  const unreadable = no(400, "bad_action", "This request could not be read as a form.");

  it.each([
    ["from another site", action("[]", { origin: "https://evil.example" }), crossOrigin],
    ["from another port of this host", action("[]", { origin: "http://shop.example.com:8080" }), crossOrigin],
    ["with an Origin that is no URL", action("[]", { origin: "null" }), crossOrigin],
    ["with an Origin that is no URL, and no Host", action("[]", { origin: "null", host: null }), crossOrigin],
    [
      "with an id that is not an action's",
      action("[]", { "next-action": "x" }),
      no(400, "bad_action", "This is not a server action of this site."),
    ],
    [
      "without Content-Length",
      action("[]", { "content-length": null }),
      no(411, "length_required", "A server action needs a Content-Length."),
    ],
    [
      "with a Content-Length that is not a number",
      action("[]", { "content-length": "2e3" }),
      no(411, "length_required", "A server action needs a Content-Length."),
    ],
    [
      "over the limit",
      action("[]", { "content-length": String(ACTION_BODY_LIMIT + 1) }),
      no(413, "too_large", "The form is larger than 1 MB."),
    ],
    ["a reply that is not JSON", action("{not json"), unreadable],
    ["a reply that is JSON but not an array", action('{"a":1}'), unreadable],
    [
      "a multipart form that is broken",
      action("garbage", { "content-type": "multipart/form-data; boundary=b" }),
      unreadable,
    ],
    ["another content type", action("<a/>", { "content-type": "application/xml" }), unreadable],
    [
      "whose type only names text/plain in a parameter",
      action("[]", { "content-type": "application/json; profile=text/plain" }),
      unreadable,
    ],
    ["whose type only ends in text/plain", action("[]", { "content-type": "application/x-text/plain" }), unreadable],
    [
      "whose type names a form only in a parameter",
      action("a=1", { "content-type": "application/json; note=application/x-www-form-urlencoded" }),
      unreadable,
    ],
  ])("refuses one %s", async (_name, request, expected) => {
    expect(await refusal(request)).toEqual(expected);
  });
});
