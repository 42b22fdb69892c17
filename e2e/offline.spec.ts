import { type BrowserContext, chromium, type Page } from "@playwright/test";
import { systemChromium } from "../scripts/browser";
import { type Buyer, expect, shippedOrder, signOut, test } from "./fixtures";
import { PrivacyPage } from "./pages/privacy";
import { relay } from "./relay";

const STATION = "10690000888";

/** A buyer with one parcel ready at a station (code `code`), on Pickup, in a context of its own. */
async function buyerWithParcel(
  context: BrowserContext,
  request: Parameters<typeof relay>[0],
  code: string,
): Promise<{ page: Page; lastFour: string }> {
  const page = await context.newPage();
  await new PrivacyPage(page).turnOn();
  const { line } = await shippedOrder(page);
  await relay(request, "message", {
    ...line,
    from: STATION,
    text: `【菜鸟驿站】您的包裹已到文三路店，请凭取件码 ${code} 取件`,
  });
  // The orders page registered the service worker: Pickup now loads through it.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.goto("/pickup");
  await expect(page.getByTestId("ready-list").getByTestId("parcel-code")).toHaveText([code]);
  await expect
    .poll(async () => (await keptPages(page)).map(({ url }) => new URL(url).pathname), { timeout: 30_000 })
    .toEqual(["/pickup"]);
  const lastFour = (await page.getByTestId("parcel-last-four").first().textContent())?.trim() ?? "";
  expect(lastFour).toMatch(/^\d{4}$/);
  return { page, lastFour };
}

/** Every response in the page's Cache Storage, as text, with the name of its cache. */
function cachedTexts(page: Page): Promise<{ cache: string; url: string; text: string }[]> {
  return page.evaluate(async () => {
    const out: { cache: string; url: string; text: string }[] = [];
    for (const cache of await caches.keys()) {
      const store = await caches.open(cache);
      for (const request of await store.keys()) {
        const response = await store.match(request);
        const type = response?.headers.get("content-type") ?? "";
        if (response && /html|text|javascript|json/.test(type)) {
          out.push({ cache, url: request.url, text: await response.text() });
        }
      }
    }
    return out;
  });
}

/** The pages the service worker keeps for a buyer. */
async function keptPages(page: Page) {
  return (await cachedTexts(page)).filter(({ cache }) => cache.startsWith("offline-buyer-"));
}

/** The full number in any spacing (136 1234 5678, 136-1234-5678, +86 136…). */
function fullNumber(phone: string): RegExp {
  return new RegExp(phone.split("").join("[\\s\\-\\u00a0.]?"));
}

async function buyerContext(browser: import("@playwright/test").Browser, buyer: Buyer) {
  return browser.newContext({ storageState: buyer.storageState, serviceWorkers: "allow" });
}

test.describe("Offline Pickup @offline", () => {
  test("Pickup and the counter view open offline with the codes, last four and an 'as of' time; other pages show the offline page; the cache holds no full number", async ({
    browser,
    newBuyer,
    request,
  }) => {
    const buyer = await newBuyer("offline");
    const context = await buyerContext(browser, buyer);
    const { page, lastFour } = await buyerWithParcel(context, request, "7-2-3301");

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId("ready-list").getByTestId("parcel-code")).toHaveText(["7-2-3301"]);
    await expect(page.getByTestId("parcel-last-four").first()).toHaveText(lastFour);
    await expect(page.getByTestId("as-of-offline")).toHaveText(/^Offline · as of \d{2}:\d{2}$/);
    await expect(page.getByTestId("as-of-online")).toBeHidden();
    await page
      .getByRole("button", { name: /Show at counter/ })
      .first()
      .click();
    const counter = page.getByRole("dialog", { name: /everything the counter asks for/ });
    await expect(counter.getByTestId("counter-pickup-code")).toHaveText(["7-2-3301"]);
    await expect(counter.getByTestId("counter-last-four")).toHaveText(lastFour);
    await expect(counter.getByTestId("counter-barcode")).toBeVisible();
    await counter.getByRole("button", { name: "Close" }).click();

    // Any other page: the offline page, not the browser's error.
    await page.goto("/orders");
    await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Open Pickup" })).toBeVisible();

    // What is cached: the kept Pickup (with the last four) and static files; never the full number.
    const texts = await cachedTexts(page);
    const kept = texts.filter(({ cache }) => cache.startsWith("offline-buyer-"));
    expect(kept.map(({ url }) => new URL(url).pathname)).toEqual(["/pickup"]);
    expect(kept[0].text).toContain(lastFour);
    for (const { url, text } of texts) expect(text, `cached ${url}`).not.toMatch(fullNumber(buyer.phone));
    await context.close();
  });

  test("after signing out, offline Pickup shows nothing of that buyer @offline", async ({
    browser,
    newBuyer,
    request,
  }) => {
    const buyer = await newBuyer("offline-out");
    const context = await buyerContext(browser, buyer);
    const { page, lastFour } = await buyerWithParcel(context, request, "8-1-4402");
    await signOut(page);
    await expect.poll(async () => (await keptPages(page)).length, { timeout: 10_000 }).toBe(0);

    await context.setOffline(true);
    await page.goto("/pickup");
    await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("8-1-4402");
    await expect(page.locator("body")).not.toContainText(lastFour);
    await context.close();
  });

  test("a second buyer signed in on the same device never sees the first one's kept Pickup @offline", async ({
    browser,
    newBuyer,
    request,
  }) => {
    const first = await newBuyer("offline-first");
    const second = await newBuyer("offline-second");
    const context = await buyerContext(browser, first);
    const { page } = await buyerWithParcel(context, request, "9-4-5503");
    // The first session just goes (it expired; nobody signed out), and the second buyer's arrives.
    await context.clearCookies();
    const { cookies } = JSON.parse((await import("node:fs")).readFileSync(second.storageState, "utf8"));
    await context.addCookies(cookies);
    await page.goto("/orders");
    await expect.poll(async () => (await keptPages(page)).length, { timeout: 30_000 }).toBe(0);

    await context.setOffline(true);
    await page.goto("/pickup");
    await expect(page.locator("body")).not.toContainText("9-4-5503");
    await context.close();
  });
});

test.describe("Installable @offline", () => {
  // Lighthouse 12 dropped its PWA audits; its `installable-manifest` audit read Chrome's own verdict,
  // `Page.getInstallabilityErrors`, which is asked here directly (with the manifest Chrome parsed).
  for (const [locale, name, shortName] of [
    ["en", "Order number protection", "Number protection"],
    ["zh-CN", "订单号码保护", "号码保护"],
  ] as const) {
    test(`Chrome finds the app installable, with its manifest in ${locale} @offline`, async ({ baseURL }, testInfo) => {
      // A profile on disk: Chrome never offers to install from an incognito one (a plain new context).
      const context = await chromium.launchPersistentContext(testInfo.outputPath("profile"), {
        executablePath: systemChromium(),
        args: ["--no-sandbox", "--disable-gpu"],
        baseURL,
      });
      await context.addCookies([{ name: "locale", value: locale, url: baseURL as string }]);
      const page = context.pages()[0] ?? (await context.newPage());
      const missing: string[] = [];
      page.on("response", (response) => {
        if (response.status() === 404) missing.push(response.url());
      });
      await page.goto("/sign-in");
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      expect(installabilityErrors).toEqual([]);
      const { url, data, errors } = await cdp.send("Page.getAppManifest");
      expect(errors).toEqual([]);
      expect(new URL(url).pathname).toBe(`/manifests/${locale}`);
      const manifest = JSON.parse(data ?? "{}");
      expect(manifest).toMatchObject({ name, short_name: shortName, lang: locale, display: "standalone" });
      expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
      expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
      for (const icon of manifest.icons as { src: string; type: string }[]) {
        const response = await page.request.get(icon.src);
        expect(response.status(), icon.src).toBe(200);
        expect(response.headers()["content-type"]).toContain(icon.type);
      }
      const favicon = await page.request.get("/favicon.ico");
      expect(favicon.status()).toBe(200);
      expect((await favicon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
      expect(missing).toEqual([]);
      await context.close();
    });
  }
});
