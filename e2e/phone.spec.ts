import { devices, type Page } from "@playwright/test";
import { DEMO, expect, signIn, test } from "./fixtures";

/** Phone descriptors, run in Chromium (the browser this machine has): screen, touch, user agent. */
function phone(name: keyof typeof devices) {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = devices[name];
  return { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch };
}

const PHONES = { "Android (Pixel 7)": phone("Pixel 7"), "iPhone 13": phone("iPhone 13") };

/** Interactive elements smaller than 44×44 CSS px, except links inline in a sentence or heading (WCAG 2.5.8). */
async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("a, button, summary, select, input"))) {
      if ((el as HTMLInputElement).type === "hidden") continue;
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden") continue;
      if (el.closest("dialog:not([open])")) continue;
      if (rect.width <= 1 && rect.height <= 1) continue; // visually hidden until focused (skip link)
      if (el.tagName === "A" && el.parentElement?.matches("p, h1, h2, h3, li > p")) continue;
      if (rect.height < 44 || rect.width < 44) {
        small.push(
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(rect.width)}×${Math.round(rect.height)}`,
        );
      }
    }
    return small;
  });
}

for (const [name, descriptor] of Object.entries(PHONES)) {
  test.describe(`on a phone: ${name}`, { tag: ["@orders", "@pickup"] }, () => {
    test.use(descriptor);

    test("the main screens fit the phone, with large tap targets", async ({ page }) => {
      await signIn(page, DEMO.email, DEMO.password);
      await expect(page).toHaveURL(/\/orders$/);
      const paths = ["/orders", "/privacy", "/pickup"];
      const detail = await page.locator('a[href^="/orders/"]').first().getAttribute("href");
      if (detail) paths.push(detail);
      for (const path of paths) {
        await page.goto(path);
        expect(await smallTapTargets(page), `${path}: tap targets under 44 px`).toEqual([]);
      }
      await page.setViewportSize({ width: 360, height: 780 });
      for (const path of ["/sign-in", ...paths]) {
        await page.goto(path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path}: horizontal scroll at 360 px`).toBeLessThanOrEqual(0);
      }
    });

    test("pickup is one tap away and shows a parcel at the counter", async ({ page }) => {
      await signIn(page, DEMO.email, DEMO.password);
      await expect(page).toHaveURL(/\/orders$/);
      await page.goto("/privacy");
      await page.getByRole("navigation", { name: "Shortcuts" }).getByRole("link", { name: "Pickup" }).tap();
      await expect(page).toHaveURL(/\/pickup$/);
      // A parcel on its way has no code yet: the last four is all the counter needs, at full size.
      const parcel = page.getByTestId("on-the-way-list").getByTestId("parcel-card").first();
      const lastFour = await parcel.getByTestId("parcel-last-four").textContent();
      await parcel.getByRole("button", { name: /Show at counter/ }).tap();
      const view = page.getByRole("dialog");
      await expect(view.getByTestId("counter-last-four")).toHaveText(lastFour ?? "");
      const size = await view
        .getByTestId("counter-last-four")
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(96);
      await view.getByRole("button", { name: "Close" }).tap();
      await expect(view).toBeHidden();
    });
  });
}
