import { expect, type Page, type Request } from "@playwright/test";

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
  const response = await page.request.fetch(action.url, { method: "POST", headers: action.headers, data: body });
  expect(response.status()).toBeLessThan(500);
  return response;
}
