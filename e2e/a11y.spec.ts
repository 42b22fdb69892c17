import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";
import { OrdersPage } from "./pages/orders";
import { PrivacyPage } from "./pages/privacy";

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(serious, `${what}: serious or critical axe violations`).toEqual([]);
}

/** A page in the given language and colour scheme, signed in as the demo buyer unless `anonymous`. */
async function openAs(
  browser: Browser,
  baseURL: string,
  locale: "en" | "zh-CN",
  colorScheme: "light" | "dark",
  anonymous = false,
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ colorScheme, locale: locale === "zh-CN" ? "zh-CN" : "en-US" });
  await context.addCookies([{ name: "locale", value: locale, url: baseURL }]);
  const page = await context.newPage();
  if (!anonymous) {
    // By field name, so the same steps work in either language.
    await page.goto("/sign-in");
    await page.locator('input[name="identifier"]').fill(DEMO.email);
    await page.locator('input[name="password"]').fill(DEMO.password);
    await page.locator('input[name="password"]').press("Enter");
    await expect(page).toHaveURL(/\/orders$/);
  }
  return { page, context };
}

for (const locale of ["en", "zh-CN"] as const) {
  for (const colorScheme of ["light", "dark"] as const) {
    test.describe(`axe in ${locale}, ${colorScheme} mode`, { tag: "@a11y" }, () => {
      test.describe.configure({ timeout: 180_000 });

      test("sign-in, sign-up and the main pages", async ({ browser, baseURL }) => {
        const anonymous = await openAs(browser, baseURL as string, locale, colorScheme, true);
        for (const path of ["/sign-in", "/sign-up"]) {
          await anonymous.page.goto(path);
          await expect(anonymous.page.locator("html")).toHaveAttribute("lang", locale);
          await expectNoSeriousViolations(anonymous.page, path);
        }
        await anonymous.context.close();
        const { page, context } = await openAs(browser, baseURL as string, locale, colorScheme);
        for (const path of ["/orders", "/privacy", "/pickup", "/account", "/no-such-page"]) {
          await page.goto(path);
          await expectNoSeriousViolations(page, path);
        }
        await context.close();
      });

      test("every order of the demo buyer, and the dialogs", async ({ browser, baseURL }) => {
        const { page, context } = await openAs(browser, baseURL as string, locale, colorScheme);
        await page.goto("/privacy");
        await page.getByRole("switch", { name: /Order number protection|订单号码保护/ }).click();
        await expect(page.getByRole("dialog")).toBeVisible();
        await expectNoSeriousViolations(page, "/privacy turn-off dialog");

        await page.goto("/pickup");
        await page
          .getByRole("button", { name: /Show at counter|出示给驿站/ })
          .first()
          .click();
        await expect(page.getByRole("dialog").getByTestId("counter-last-four")).toBeVisible();
        await expectNoSeriousViolations(page, "/pickup counter view");

        await page.goto("/orders");
        const links = await page
          .locator('a[href^="/orders/"]')
          .evaluateAll((nodes) => Array.from(new Set(nodes.map((node) => node.getAttribute("href") as string))));
        expect(links.length).toBeGreaterThan(5);
        let endDialogChecked = false;
        for (const href of links) {
          await page.goto(href);
          await expectNoSeriousViolations(page, href);
          const end = page.getByRole("button", { name: /^(End now|立即结束)$/ });
          if (!endDialogChecked && (await end.count()) > 0) {
            await end.click();
            await expect(page.getByRole("dialog")).toBeVisible();
            await expectNoSeriousViolations(page, `${href} end-line dialog`);
            endDialogChecked = true;
          }
        }
        expect(endDialogChecked).toBe(true);
        await context.close();
      });
    });
  }
}

test("the turn-on dialog passes axe", { tag: ["@a11y", "@privacy"] }, async ({ newBuyer, pageAs }) => {
  const page = await pageAs(await newBuyer("axe-on"));
  const privacy = new PrivacyPage(page);
  await privacy.goto();
  await privacy.switch.click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "turn-on dialog");
});

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
async function tabTo(page: Page, name: RegExp, max = 60) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.getAttribute("aria-label") ?? ""} ${el.textContent ?? ""}`.trim() : "";
    });
    if (name.test(label)) return;
  }
  throw new Error(`no focusable element matching ${name} within ${max} tabs`);
}

async function expectVisibleFocus(page: Page) {
  const outline = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe("none");
  expect(outline.width).toBeGreaterThanOrEqual(2);
}

test("keyboard only: turn protection on, copy a line, end a line, extend a line", {
  tag: ["@a11y", "@orders"],
}, async ({ newBuyer, pageAs }) => {
  test.setTimeout(120_000);
  const page = await pageAs(await newBuyer("keys"));
  const privacy = new PrivacyPage(page);
  await privacy.goto();
  await tabTo(page, /Order number protection is off/);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Turn on order number protection?" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(privacy.switch).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await tabTo(page, /^Turn on$/);
  await page.keyboard.press("Enter");
  await expect(privacy.switch).toHaveAttribute("aria-checked", "true");

  const orders = new OrdersPage(page);
  const first = await orders.placeTestOrder(/with a special line/);
  await orders.goto();
  const extension = ((await orders.card(first).getByTestId("last-four").textContent()) ?? "").trim();
  await tabTo(page, /^Copy last four/);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(orders.card(first).getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(extension);

  await page.goto(`/orders/${first}`);
  await tabTo(page, /^End now$/);
  await page.keyboard.press("Enter");
  const endDialog = page.getByRole("dialog", { name: "End this special line now?" });
  await expect(endDialog).toBeVisible();
  await tabTo(page, /^End the line now$/);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Special line" })).toContainText("Uses your real number");

  const second = await orders.placeTestOrder(/with a special line/);
  await page.goto(`/orders/${second}`);
  for (const [step, status] of [
    ["Ship", "Shipped"],
    ["Deliver", "Delivered"],
    ["Complete", "Completed"],
  ]) {
    await tabTo(page, new RegExp(`^${step}$`));
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("order-status")).toHaveText(status as string);
  }
  await page.getByLabel("Days to move completion back").fill("13");
  await tabTo(page, /^Move completion back$/);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Extend 7 days for after-sales" })).toBeVisible();
  await tabTo(page, /^Extend 7 days for after-sales$/);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Special line" })).toContainText("9 days left");
});
