import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DEMO, expect, requireDemo, test } from "./fixtures";

/**
 * Screenshot comparisons of the main screens on a 360 px phone, in both languages. The fonts come
 * from npm (@fontsource), served to the page by the test, so the pictures do not depend on what a
 * machine has installed. Refresh the baselines: `npm run test:e2e -- --update-snapshots --grep @visual`.
 */
const FONTS = path.resolve("node_modules/@fontsource");
const WEIGHTS = ["400", "500", "600", "700"];
const FONT_CSS = [
  ...["noto-sans", "noto-sans-sc"].flatMap((family) =>
    WEIGHTS.map((weight) =>
      readFileSync(path.join(FONTS, family, `${weight}.css`), "utf8").replaceAll(
        "url(./files/",
        `url(/__test-fonts/${family}/files/`,
      ),
    ),
  ),
  `*, *::before, *::after { font-family: "Noto Sans", "Noto Sans SC", sans-serif !important; }`,
].join("\n");

async function pinFonts(page: Page) {
  await page.route("**/__test-fonts/**", (route) => {
    const file = new URL(route.request().url()).pathname.replace("/__test-fonts/", "");
    return route.fulfill({ body: readFileSync(path.join(FONTS, path.normalize(file))), contentType: "font/woff2" });
  });
}

async function settle(page: Page) {
  await page.addStyleTag({ content: FONT_CSS });
  await page.evaluate(() => document.fonts.ready);
  await expect(page.locator("main")).toBeVisible();
}

/** What changes from run to run: dates and times, lines and codes drawn at random, order numbers. */
const VOLATILE = [
  "time",
  '[data-testid="special-line"]',
  '[data-testid="pickup-last-four"]',
  '[data-testid="pickup-code-value"]',
  '[data-testid="waybill-phone"]',
  // How many reminders are unread depends on what other tests sent the demo buyer.
  '[data-testid="reminder-unread"]',
  '[data-testid="last-four"]',
  '[data-testid="counter-last-four"]',
  '[data-testid="counter-pickup-code"]',
];

const LANGUAGES = { en: "en-US,en;q=0.9", zh: "zh-CN,zh;q=0.9" } as const;

for (const [language, acceptLanguage] of Object.entries(LANGUAGES)) {
  test.describe(`the main screens at 360 px, ${language}`, { tag: "@visual" }, () => {
    test.use({
      viewport: { width: 360, height: 780 },
      deviceScaleFactor: 1,
      locale: language === "zh" ? "zh-CN" : "en-US",
      extraHTTPHeaders: { "accept-language": acceptLanguage },
      colorScheme: "light",
      // The test's own font faces are an inline style the app's CSP would refuse.
      bypassCSP: true,
    });

    test("sign-in", async ({ page }) => {
      await pinFonts(page);
      await page.goto("/sign-in");
      await settle(page);
      await expect(page).toHaveScreenshot(`${language}-sign-in.png`, { fullPage: true });
    });

    test("orders, an order, pickup and privacy of the demo buyer", async ({ page }) => {
      await pinFonts(page);
      await requireDemo("the demo account");
      await page.goto("/sign-in");
      await page.locator('input[name="identifier"]').fill(DEMO.email);
      await page.locator('input[name="password"]').fill(DEMO.password);
      await page.locator('input[name="password"]').press("Enter");
      await expect(page).toHaveURL(/\/orders$/);
      // Order numbers and the seed's times (relative to now) too: the smallest element that shows one.
      const mask = [
        ...VOLATILE.map((selector) => page.locator(selector)),
        page.getByText(/\d{12,}/),
        page.getByText(/\d{1,2}:\d{2}/),
      ];
      const detail = await page.locator('a[href^="/orders/"]').first().getAttribute("href");
      for (const [screen, url] of [
        ["orders", "/orders"],
        ["order", detail ?? "/orders"],
        ["pickup", "/pickup"],
        ["privacy", "/privacy"],
      ] as const) {
        await page.goto(url);
        await settle(page);
        await expect(page, screen).toHaveScreenshot(`${language}-${screen}.png`, { mask });
      }
    });
  });
}
