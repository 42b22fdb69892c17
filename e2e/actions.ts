import { expect, type Page, type Request, type Route } from "@playwright/test";

/** A server-action POST captured from the browser, to be replayed by someone else. */
export type CapturedAction = { url: string; headers: Record<string, string>; body: Buffer };

/** Runs `trigger` and captures the server-action request it sends (identified by its Next-Action header). */
export async function captureAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  const request: Promise<Request> = page.waitForRequest(
    (req) => req.method() === "POST" && !!req.headers()["next-action"],
  );
  await trigger();
  const req = await request;
  const headers = await req.allHeaders();
  delete headers.cookie;
  delete headers["content-length"];
  return { url: req.url(), headers, body: req.postDataBuffer() ?? Buffer.alloc(0) };
}

/** Posts a captured action with another page's cookies, as a hand-made request would. */
export async function replayAction(page: Page, action: CapturedAction, replace?: [string, string]) {
  const body = replace
    ? Buffer.from(action.body.toString("latin1").replaceAll(replace[0], replace[1]), "latin1")
    : action.body;
  // One retry of a reset connection: Node closes an idle keep-alive socket after 5 s, and a request sent on
  // it just then fails with ECONNRESET before the server reads it (seen once in CI, on this replay).
  const response = await page.request.fetch(action.url, {
    method: "POST",
    headers: action.headers,
    data: body,
    maxRetries: 1,
  });
  expect(response.status()).toBeLessThan(500);
  return response;
}

/**
 * Like `captureAction`, but the request is held in the browser and never reaches the server: a buyer's
 * own click yields the exact request it would send, and their data stays as it was.
 */
export async function holdAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  let resolve: (action: CapturedAction) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const held = new Promise<CapturedAction>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  const handler = async (route: Route) => {
    const req = route.request();
    if (req.method() !== "POST") return route.fallback();
    if (!req.headers()["next-action"]) {
      // A form posted before hydration would run the action for real: stop it and say so.
      reject(new Error(`a POST to ${req.url()} that is not a server-action fetch`));
      return route.abort();
    }
    // An intercepted request carries the page's cookie: the replay must send only the replayer's own.
    const { cookie: _cookie, "content-length": _length, ...sent } = req.headers();
    const headers = { ...sent, origin: new URL(req.url()).origin };
    resolve({ url: req.url(), headers, body: req.postDataBuffer() ?? Buffer.alloc(0) });
    await route.abort();
  };
  await page.route("**/*", handler);
  await trigger();
  const action = await held;
  await page.unroute("**/*", handler);
  return action;
}

const field = (name: string) => new RegExp(`(name="(?:_?\\d+_)?${name}"\\r\\n\\r\\n)([^\\r]*)(\\r\\n)`);

/** The value of one form field of a captured action (React prefixes form fields with a reference number). */
export function fieldValue(action: CapturedAction, name: string): string {
  const match = action.body.toString("latin1").match(field(name));
  if (!match) throw new Error(`the action has no field "${name}": ${action.body.toString("latin1").slice(0, 400)}`);
  return match[2] as string;
}

/** The same action with one form field set to another value. */
export function withField(action: CapturedAction, name: string, value: string): CapturedAction {
  fieldValue(action, name);
  const body = Buffer.from(action.body.toString("latin1").replace(field(name), `$1${value}$3`), "latin1");
  return { ...action, body };
}
