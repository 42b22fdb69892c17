import { captureAction, replayAction, withField } from "./actions";
import { expect, signIn, test, uniquePhone } from "./fixtures";
import { OrderPage } from "./pages/order";
import { OrdersPage } from "./pages/orders";
import { PrivacyPage } from "./pages/privacy";
import { dialledLine, relay } from "./relay";

test.describe("after an attack on the built app", () => {
  test("@redirect a signed-in visitor is never sent off-site by next=, and CR/LF in next lands on /orders", async ({
    pageAs,
    buyer,
    browser,
  }) => {
    const page = await pageAs(buyer);
    for (const next of ["/%5Cevil.example/phish", "/%09/evil.example", "//evil.example", "/%2F%2Fevil.example"]) {
      await page.goto(`/sign-in?next=${next}`);
      await expect(page, next).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/orders$/);
    }
    await page.goto("/sign-in?next=%2Fpickup");
    await expect(page).toHaveURL(/\/pickup$/);

    // Signing in with a next that carries CR/LF: the session cookie is set, and the page is /orders, not a 500.
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto("/sign-in?next=%2Fprivacy%0D%0ASet-Cookie%3A%20x%3D1");
    await fresh.getByLabel("Email or mobile number").fill(buyer.email);
    await fresh.getByLabel("Password").fill(buyer.password);
    await fresh.getByRole("button", { name: "Sign in" }).click();
    await expect(fresh).toHaveURL(/\/orders$/);
    await expect(fresh.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
    await context.close();
  });

  test("@ids ids and cursors that only look right answer 404 or the first page, never 500", async ({
    pageAs,
    buyer,
  }) => {
    const page = await pageAs(buyer);
    for (const id of ["------------------------------------", "0123456789abcdef0123456789abcdef0123"]) {
      const response = await page.goto(`/orders/${id}`);
      expect(response?.status(), id).toBe(404);
    }
    const cursor = (text: string) => Buffer.from(text).toString("base64url");
    for (const after of [
      cursor("2026-01-01T00:00:00.000Z|------------------------------------"),
      cursor("+275760-09-13T00:00:00.000Z|00000000-0000-4000-8000-000000000000"),
      cursor("-271821-04-20T00:00:00.000Z|00000000-0000-4000-8000-000000000000"),
      cursor("0001-01-01T00:00:00.000Z|00000000-0000-4000-8000-000000000000"),
      "%%%",
    ]) {
      const response = await page.goto(`/orders?after=${after}`);
      expect(response?.status(), after).toBe(200);
      await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
    }
  });

  test("@nul a NUL byte in a sign-up name or a sign-in identifier is a field error, never a 500", async ({
    page,
    request,
    buyer,
  }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Nul\u0000Name");
    await page.getByLabel("Email").fill(`nul-${Date.now()}@example.test`);
    await page.getByLabel("Mobile number").fill(uniquePhone());
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Remove the invisible control characters")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

    await signIn(page, `${buyer.phone}\u0000`, buyer.password);
    await expect(page.getByText("Remove the invisible control characters")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);

    const csrf = await (await request.get("/api/auth/csrf")).json();
    const direct = await request.post("/api/auth/callback/credentials", {
      form: { identifier: `${buyer.phone}\u0000`, password: buyer.password, csrfToken: csrf.csrfToken },
      maxRedirects: 0,
    });
    expect(direct.status()).toBeLessThan(500);
    expect(direct.headers().location ?? "").not.toContain("error=Configuration");
  });

  test("@text a 1,900-character word does not widen the page; bidi overrides do not reorder a station name", async ({
    newBuyer,
    pageAs,
    request,
  }) => {
    const page = await pageAs(await newBuyer("long-text"));
    await new PrivacyPage(page).turnOn();
    const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
    await new OrderPage(page).goto(orderId);
    const line = await dialledLine(page.getByTestId("special-line"));
    await relay(request, "message", { ...line, from: "10690000123", text: "x".repeat(1_900) });
    await relay(request, "message", {
      ...line,
      from: "10690000124",
      text: "【\u202eevil\u202c驿站】您的包裹已到，取件码 5-2-1234",
    });
    await page.setViewportSize({ width: 390, height: 800 });
    await page.reload();
    const contacts = page.getByRole("list", { name: "Calls and messages" }).getByTestId("contact");
    await expect(contacts).toHaveCount(2);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const html = await page.content();
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
    await expect(contacts.filter({ hasText: "evil驿站" })).toHaveCount(1);
  });

  test("@actions a cross-origin, unreadable or oversized server-action post and merchantId=3000000000 get a 4xx", async ({
    pageAs,
    buyer,
  }) => {
    const page = await pageAs(buyer);
    const orders = new OrdersPage(page);
    await orders.goto();
    const tester = await orders.openTesterControls();
    const action = await captureAction(page, () => tester.getByRole("button", { name: "Place a test order" }).click());
    await expect(page.getByRole("status").filter({ hasText: /Order \d+ placed/ })).toBeVisible();

    const huge = await replayAction(page, withField(action, "merchantId", "3000000000"));
    expect(huge.status()).toBe(200);
    expect(await huge.text()).toContain("Choose a merchant.");

    const post = (headers: Record<string, string>, data: string | Buffer) =>
      page.request.fetch(action.url, { method: "POST", headers: { ...action.headers, ...headers }, data });
    expect((await post({ origin: "https://evil.example" }, action.body)).status()).toBe(403);
    expect((await post({}, Buffer.alloc(1024 * 1024 + 10, "a"))).status()).toBe(413);
    expect((await post({ "content-type": "text/plain;charset=UTF-8" }, "{not a reply")).status()).toBe(400);
    expect((await post({}, "--nope\r\n\r\n")).status()).toBe(400);
  });

  test("@reset forgot password: a link from the outbox sets a new password once and signs every device out", async ({
    newBuyer,
    pageAs,
    browser,
  }) => {
    const owner = await newBuyer("reset");
    const elsewhere = await pageAs(owner);
    await elsewhere.goto("/orders");
    await expect(elsewhere).toHaveURL(/\/orders$/);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password", level: 1 })).toBeVisible();
    await page.getByLabel("Email", { exact: true }).fill(owner.email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page.getByRole("status")).toContainText(`If an account uses ${owner.email}`);
    // The same answer for an email with no account.
    await page.getByLabel("Email", { exact: true }).fill(`nobody-${Date.now()}@example.test`);
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account uses nobody-");

    await page.goto("/dev/outbox");
    const mail = page
      .getByRole("article")
      .filter({ hasText: `To ${owner.email}` })
      .first();
    await expect(mail).toContainText("Set a new password");
    const link = /http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43}/.exec((await mail.textContent()) ?? "")?.[0];
    expect(link).toBeTruthy();
    await page.goto(link as string);
    await page.getByLabel("New password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page).toHaveURL(/\/sign-in\?reset=1/);
    await expect(page.getByText("Your password is changed")).toBeVisible();

    // Used once: the link is dead now.
    await page.goto(link as string);
    await expect(page.getByText("This link has expired or has already been used")).toBeVisible();

    // The other device was signed out; the old password no longer works, the new one does.
    await elsewhere.goto("/orders");
    await expect(elsewhere).toHaveURL(/\/sign-in/);
    await signIn(page, owner.email, owner.password);
    await expect(page.getByRole("status")).toContainText("do not match an account");
    await signIn(page, owner.email, "a brand new passphrase");
    await expect(page).toHaveURL(/\/orders$/);
    await context.close();
  });
});
