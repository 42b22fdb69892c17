import AxeBuilder from "@axe-core/playwright";
import type { Browser, Locator, Page } from "@playwright/test";
import { type Buyer, DEMO, expect, shippedOrder, test } from "./fixtures";
import { OrderPage } from "./pages/order";
import { PrivacyPage } from "./pages/privacy";
import { relay } from "./relay";

const PHONE = { viewport: { width: 360, height: 760 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const STATION = "10690000888";

/** A 360 px phone in the given language, signed in as `buyer` (or as the demo buyer). */
async function phone(browser: Browser, baseURL: string, locale: "en" | "zh-CN", buyer?: Buyer): Promise<Page> {
  const context = await browser.newContext({
    ...PHONE,
    locale: locale === "zh-CN" ? "zh-CN" : "en-US",
    storageState: buyer?.storageState,
  });
  await context.addCookies([{ name: "locale", value: locale, url: baseURL }]);
  const page = await context.newPage();
  if (!buyer) {
    await page.goto("/sign-in");
    await page.locator('input[name="identifier"]').fill(DEMO.email);
    await page.locator('input[name="password"]').fill(DEMO.password);
    await page.locator('input[name="password"]').press("Enter");
    await expect(page).toHaveURL(/\/orders$/);
  }
  return page;
}

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(serious, `${what}: serious or critical axe violations`).toEqual([]);
}

/** How many line boxes the element's text takes: 1 when it did not wrap. */
function lineCount(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const tops = [...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top));
    return new Set(tops).size;
  });
}

// Code 128 (ISO/IEC 15417): each symbol is 3 bars and 3 spaces, 11 modules wide; the stop has a 7th element.
const PATTERNS =
  `212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132 122231
113222 123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 212123
212321 232121 111323 131123 131321 112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321
133121 313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111
111224 111422 121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 241112
134111 111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141
114113 114311 411113 411311 113141 114131 311141 411131 211412 211214 211232`.split(/\s+/);
const STOP = "2331112";

/**
 * Reads the bars of a bwip-js SVG (strokes of a given width centred on x) back into the text they encode:
 * bar and space widths in modules, symbol by symbol, the checksum checked.
 */
function decodeCode128(svg: string): string {
  const bars: [number, number][] = [];
  for (const path of svg.matchAll(/stroke-width="([\d.]+)"\s+d="([^"]+)"/g)) {
    const width = Number(path[1]);
    for (const move of path[2].matchAll(/M([\d.]+) [\d.]+L[\d.]+ [\d.]+/g)) {
      const x = Number(move[1]);
      bars.push([x - width / 2, x + width / 2]);
    }
  }
  bars.sort((a, b) => a[0] - b[0]);
  const widths: number[] = [];
  bars.forEach(([start, end], i) => {
    if (i > 0) widths.push(start - bars[i - 1][1]);
    widths.push(end - start);
  });
  const module = Math.min(...widths);
  const modules = widths.map((w) => Math.round(w / module)).join("");
  if (!modules.endsWith(STOP)) throw new Error(`no stop pattern: ${modules}`);
  const values: number[] = [];
  for (let i = 0; i < modules.length - STOP.length; i += 6) {
    const value = PATTERNS.indexOf(modules.slice(i, i + 6));
    if (value < 0) throw new Error(`unknown symbol at ${i}: ${modules.slice(i, i + 6)}`);
    values.push(value);
  }
  const [start, ...rest] = values;
  const check = rest.pop() as number;
  const sum = rest.reduce((total, value, i) => total + value * (i + 1), start);
  if (sum % 103 !== check) throw new Error("checksum does not match");
  let set = start === 103 ? "A" : start === 104 ? "B" : "C";
  let text = "";
  for (const value of rest) {
    if (value === 99) set = "C";
    else if (value === 100) set = "B";
    else if (value === 101) set = "A";
    else if (set === "C") text += String(value).padStart(2, "0");
    else if (set === "B") text += String.fromCharCode(value + 32);
    else text += String.fromCharCode(value < 64 ? value + 32 : value - 64);
  }
  return text;
}

test.describe("Pickup, on a 360 px phone @pickup", () => {
  for (const locale of ["en", "zh-CN"] as const) {
    test(`no code, last four or date wraps, the ended-line parcel stays, and axe passes (${locale}) @pickup`, async ({
      browser,
      baseURL,
    }) => {
      const page = await phone(browser, baseURL as string, locale);
      await page.goto("/pickup");
      const ready = page.getByTestId("ready-list").getByTestId("parcel-card");
      const twoCodes = ready.filter({ hasText: "12-3-4567" });
      await expect(twoCodes.getByTestId("parcel-code")).toHaveText(["5-2-1234", "12-3-4567"]);
      await expect(page.getByTestId("on-the-way-list").getByTestId("parcel-card")).not.toHaveCount(0);

      for (const testId of [
        "parcel-code",
        "parcel-last-four",
        "parcel-tracking",
        "parcel-arrived",
        "parcel-deadline",
      ]) {
        for (const element of await page.getByTestId(testId).all()) {
          expect(await lineCount(element), `${testId} "${await element.textContent()}" wraps`).toBe(1);
        }
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      // The locker still holds the parcel whose line ended: the label carries that line's last four.
      const ended = ready.filter({ hasText: "88412736" });
      await expect(ended).toHaveCount(1);
      const lastFour = (await ended.getByTestId("parcel-last-four").textContent()) ?? "";
      expect(lastFour).toMatch(/^\d{4}$/);
      await expect(ended.getByTestId("parcel-line-ended")).toContainText(lastFour);

      await expectNoSeriousViolations(page, `/pickup (${locale})`);
      await page.context().close();
    });
  }

  test("the counter view shows every code, the last four, the tail and a barcode of the tracking number @pickup", async ({
    browser,
    baseURL,
  }) => {
    const page = await phone(browser, baseURL as string, "en");
    await page.goto("/pickup");
    const card = page.getByTestId("parcel-card").filter({ hasText: "12-3-4567" });
    const lastFour = (await card.getByTestId("parcel-last-four").textContent()) ?? "";
    const tail = ((await card.getByTestId("parcel-tracking").textContent()) ?? "").match(/…(\w{4})$/)?.[1];
    await card.getByRole("button", { name: /Show at counter/ }).click();
    const counter = page.getByRole("dialog", { name: /everything the counter asks for/ });
    await expect(counter).toBeVisible();
    await expect(counter.getByTestId("counter-pickup-code")).toHaveText(["5-2-1234", "12-3-4567"]);
    await expect(counter.getByTestId("counter-last-four")).toHaveText(lastFour);
    await expect(counter.getByTestId("counter-tracking-tail")).toHaveText(tail ?? "missing");
    const trackingNumber = (await counter.locator("figcaption").textContent()) ?? "";
    expect(trackingNumber).toMatch(/^[A-Z]{2}\d{12}$/);
    expect(trackingNumber.endsWith(tail ?? "missing")).toBe(true);
    const barcode = counter.getByTestId("counter-barcode");
    await expect(barcode).toHaveAttribute("aria-label", `Tracking number ${trackingNumber} as a barcode`);
    expect(decodeCode128(await barcode.innerHTML())).toBe(trackingNumber);
    for (const code of await counter.getByTestId("counter-pickup-code").all()) expect(await lineCount(code)).toBe(1);
    await expectNoSeriousViolations(page, "the counter view");
    await counter.getByRole("button", { name: "Close" }).click();
    await expect(counter).toBeHidden();
    await page.context().close();
  });

  test("a 已取出 notice through the relay moves the parcel out of Ready @pickup", async ({
    browser,
    baseURL,
    newBuyer,
    request,
  }) => {
    const buyer = await newBuyer("pickup-collected");
    const page = await phone(browser, baseURL as string, "en", buyer);
    await new PrivacyPage(page).turnOn();
    const { orderId, line } = await shippedOrder(page);
    const arrived = await relay(request, "message", {
      ...line,
      from: STATION,
      text: "【菜鸟驿站】您的包裹已到文三路店，请凭取件码 6-1-7734 取件",
    });
    expect(arrived).toMatchObject({ action: "forward", pickupCode: "6-1-7734" });
    await page.goto("/pickup");
    await expect(page.getByTestId("ready-list").getByTestId("parcel-code")).toHaveText(["6-1-7734"]);

    // The station is a known sender: named, and blocking it warns that its codes stop.
    await new OrderPage(page).goto(orderId);
    const fromStation = page.getByRole("list", { name: "Calls and messages" }).getByTestId("contact").first();
    await expect(fromStation).toContainText("Message · 菜鸟驿站");
    await expect(fromStation).not.toContainText("Unknown caller");
    await fromStation.getByRole("button", { name: "Block this caller" }).click();
    const confirm = page.getByRole("dialog", { name: "Block this caller?" });
    await expect(confirm).toContainText("菜鸟驿站, a parcel station: once blocked, its pickup codes");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(fromStation).not.toContainText("Blocked on this line");

    const collected = await relay(request, "message", {
      ...line,
      from: STATION,
      text: "【菜鸟驿站】您的包裹已取出，如有疑问请联系驿站。",
    });
    expect(collected.action).toBe("forward");
    await page.goto("/pickup");
    await expect(page.getByTestId("ready-list")).toHaveCount(0);
    await expect(page.getByTestId("parcel-card")).toHaveCount(0);

    await page.context().close();
  });

  test("a pasted notice lands on its parcel; one that fits several asks; one with no code writes nothing @pickup", async ({
    browser,
    baseURL,
    newBuyer,
    request,
  }) => {
    const buyer = await newBuyer("pickup-paste");
    const page = await phone(browser, baseURL as string, "en", buyer);
    await new PrivacyPage(page).turnOn();
    const first = await shippedOrder(page);
    await shippedOrder(page);
    await relay(request, "message", {
      ...first.line,
      from: STATION,
      text: "【兔喜生活】您的包裹已到站，取件码 3-1-0617",
    });

    await page.goto("/pickup");
    const ready = page.getByTestId("ready-list").getByTestId("parcel-card");
    const onTheWay = page.getByTestId("on-the-way-list").getByTestId("parcel-card");
    await expect(ready).toHaveCount(1);
    await expect(onTheWay).toHaveCount(1);
    const waitingId = (await onTheWay.getAttribute("data-parcel-id")) ?? "";

    const text = page.getByLabel("Notice text");
    const status = page.getByRole("status").filter({ hasText: /added to|No pickup code/ });
    await text.fill("【兔喜生活】您还有一个包裹待取，取件码 3-1-0618，请尽快取件。");
    await page.getByRole("button", { name: "Read the notice" }).click();
    await expect(status).toContainText("3-1-0618 added to");
    await expect(ready.getByTestId("parcel-code")).toHaveText(["3-1-0617", "3-1-0618"]);
    await expect(onTheWay).toHaveCount(1);

    await text.fill("您的快递已到，取件码 4-1-2210，请及时领取。");
    await page.getByRole("button", { name: "Read the notice" }).click();
    const choice = page.getByRole("group", { name: "Which parcel is this notice for?" });
    await expect(choice.getByRole("radio")).toHaveCount(2);
    await expect(ready.getByTestId("parcel-code")).toHaveText(["3-1-0617", "3-1-0618"]);
    await expectNoSeriousViolations(page, "the paste's choice");
    await choice.locator(`input[value="${waitingId}"]`).check();
    await page.getByRole("button", { name: "Attach to this parcel" }).click();
    await expect(status).toContainText("4-1-2210 added to");
    await expect(page.getByTestId("on-the-way-list")).toHaveCount(0);
    await expect(page.locator(`[data-parcel-id="${waitingId}"]`).getByTestId("parcel-code")).toHaveText(["4-1-2210"]);

    await text.fill("【某银行】您的验证码是 482913，5分钟内有效。");
    await page.getByRole("button", { name: "Read the notice" }).click();
    await expect(status).toHaveText("No pickup code in this text. Nothing was saved.");
    await expect(page.getByTestId("parcel-code")).toHaveCount(3);
    await page.context().close();
  });
});
