import type { APIRequestContext } from "@playwright/test";
import { JS_BUDGET_BYTES, kB, measureRoute } from "../scripts/js-budget";
import { DEMO, expect, test } from "./fixtures";

const fetcher = (request: APIRequestContext) => async (path: string) => {
  const response = await request.get(path, { maxRedirects: 0 });
  return { status: response.status(), body: await response.body() };
};

test.describe("first-load JavaScript budget", { tag: "@performance" }, () => {
  test("each route's modern script tags stay within 150 kB gzip", async ({ request }) => {
    const get = fetcher(request);
    const sizes: string[] = [];
    const check = async (route: string) => {
      const measured = await measureRoute(get, route);
      sizes.push(`${route}: ${kB(measured.gzip)} in ${measured.scripts.length} scripts`);
      expect(measured.scripts.length, `${route} has script tags`).toBeGreaterThan(0);
      expect(measured.gzip, `${route}: ${kB(measured.gzip)} gzip`).toBeLessThanOrEqual(JS_BUDGET_BYTES);
    };
    await check("/sign-in");
    await check("/sign-up");

    const csrf = await request.get("/api/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    await request.post("/api/auth/callback/credentials", {
      form: { identifier: DEMO.email, password: DEMO.password, csrfToken, callbackUrl: "/orders" },
      maxRedirects: 0,
    });
    const orders = await request.get("/orders", { maxRedirects: 0 });
    expect(orders.status(), "signed in as the demo buyer").toBe(200);
    const orderId = /\/orders\/([0-9a-f-]{36})/.exec(await orders.text())?.[1];
    expect(orderId, "the demo buyer has an order to open").toBeTruthy();
    for (const route of ["/privacy", "/orders", `/orders/${orderId}`, "/pickup", "/account"]) await check(route);
    test.info().annotations.push({ type: "first-load JS (gzip)", description: sizes.join("; ") });
    console.info(`[budget] ${sizes.join("; ")}`);
  });
});
