import type { APIResponse, Page } from "@playwright/test";
import { expect, signIn, signOut, signUp, test, uniquePhone } from "./fixtures";

function checkHeaders(response: APIResponse | { headers(): Record<string, string> }, { https = false } = {}) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  if (https) expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  else expect(headers["strict-transport-security"]).toBeUndefined();
  return csp;
}

/** Collects CSP violations the browser reports while the test browses. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
      violations.push(message.text());
  });
  return violations;
}

test.describe("transport and headers", { tag: "@privacy" }, () => {
  test("every response carries the security headers; pages get a fresh nonce and are never stored", async ({
    page,
    request,
  }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    const nonce = (r: APIResponse) => /'nonce-([^']+)'/.exec(r.headers()["content-security-policy"] ?? "")?.[1];
    checkHeaders(first);
    expect(nonce(first)).toBeTruthy();
    expect(nonce(first)).not.toBe(nonce(second));
    expect(first.headers()["cache-control"]).toContain("no-store");
    // The nonce in the header is the one on the page's scripts.
    const html = await first.text();
    expect(html).toContain(`nonce="${nonce(first)}"`);
    expect(html).not.toContain(`nonce="${nonce(second)}"`);

    for (const path of ["/api/health", "/orders", "/api/account/export"])
      checkHeaders(await request.get(path, { maxRedirects: 0 }));
    const unsigned = await request.post("/api/relay/call", { data: { to: "17012345678" } });
    expect(unsigned.status()).toBe(401);
    checkHeaders(unsigned);

    // Static files skip the proxy but still get nosniff.
    await page.goto("/sign-in");
    const script = await page.locator("script[src*='/_next/static/']").first().getAttribute("src");
    expect(script).toBeTruthy();
    const asset = await request.get(script as string);
    expect(asset.status()).toBe(200);
    expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("HSTS when served over https (behind a proxy that says so)", async ({ request }) => {
    const response = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
    const csp = checkHeaders(response, { https: true });
    expect(csp).toContain("upgrade-insecure-requests");
  });

  test("signed-in pages: no-store, CSP, and nothing the policy blocks", async ({ pageAs, buyer }) => {
    const page = await pageAs(buyer);
    const violations = watchCsp(page);
    for (const path of ["/privacy", "/orders", "/pickup", "/account"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      expect(response?.headers()["cache-control"], path).toContain("no-store");
      checkHeaders(response as unknown as APIResponse);
    }
    // Client navigation and a server action still work under the policy.
    await page.getByRole("link", { name: "Orders" }).first().click();
    await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test.describe("sessions", { tag: "@account" }, () => {
  test("a session cookie replayed after sign-out is refused", async ({ browser, newBuyer }) => {
    const who = await newBuyer("replay");
    const context = await browser.newContext({ storageState: who.storageState });
    const page = await context.newPage();
    await page.goto("/orders");
    await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
    const saved = await context.cookies();
    expect(saved.some((c) => c.name.includes("authjs.session-token"))).toBe(true);

    await signOut(page);
    await context.addCookies(saved);
    await page.goto("/orders");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Forders$/);
    // The same cookie on a fresh request, outside the browser, is refused too.
    const cookie = saved.map((c) => `${c.name}=${c.value}`).join("; ");
    const api = await page.request.post("/api/account/export", { headers: { cookie }, form: { password: "" } });
    expect(api.status()).toBe(401);
    await context.close();
  });
});

test.describe("sign-in and sign-up throttling, passwords", { tag: "@account" }, () => {
  test("too many failed sign-ins for one account: the form says when to try again; the endpoint answers 429", async ({
    page,
    request,
  }) => {
    const identifier = `nobody-${Date.now()}@example.test`;
    for (let i = 0; i < 5; i++) {
      await signIn(page, identifier, `wrong password ${i}`);
      await expect(page.getByRole("status")).toContainText(i < 4 ? "do not match an account" : "Too many attempts");
    }
    await signIn(page, identifier, "still wrong");
    // A short delay that grows with each further guess, not a 15-minute wall.
    await expect(page.getByRole("status")).toContainText("Too many attempts. Try again in 1 minute.");

    const direct = await request.post("/api/auth/callback/credentials", {
      form: { identifier, password: "guess", csrfToken: "x" },
      maxRedirects: 0,
    });
    expect(direct.status()).toBe(429);
    expect(Number(direct.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await direct.json()).message).toMatch(/Too many attempts/);

    // The same account written another way is the same account; so are its email and its mobile.
    const phoneFirst = uniquePhone();
    for (let i = 0; i < 5; i++) await signIn(page, phoneFirst, "wrong password");
    await signIn(page, `+86 ${phoneFirst.slice(0, 3)} ${phoneFirst.slice(3, 7)} ${phoneFirst.slice(7)}`, "x");
    await expect(page.getByRole("status")).toContainText("Too many attempts");
  });

  test("a common password is refused at sign-up, tied to its field; 128 characters are fine", async ({ page }) => {
    const email = `common-${Date.now()}@example.test`;
    await signUp(page, { name: "Common Choice", email, phone: uniquePhone(), password: "iloveyou123" });
    await expect(page.getByText("one of the most common")).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/sign-up$/);

    const long = "my parcels, my number, ".repeat(6).slice(0, 128);
    await signUp(page, { name: "Long Phrase", email, phone: uniquePhone(), password: long });
    await expect(page).toHaveURL(/\/privacy$/);
  });
});
