import { DEMO, expect, signIn, test } from "./fixtures";

test.describe("languages", { tag: "@account" }, () => {
  test.use({ locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.5" } });

  test("a Chinese browser gets Chinese, the switcher changes it and remembers it", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();

    await page.getByLabel("邮箱或手机号").fill(DEMO.email);
    await page.getByLabel("密码").fill(DEMO.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole("heading", { name: "订单", level: 1 })).toBeVisible();
    await expect(page.getByTestId("special-line").first()).toHaveText(/^\d{3} \d{4} \d{4} 转 \d{4}$/);
    await expect(
      // The compact card dates the order in Chinese (the line's end date is on the order's page).
      page.getByText(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/).first(),
    ).toBeVisible();

    await page.locator("summary").filter({ hasText: "账户菜单" }).click();
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
    await expect(page.getByTestId("special-line").first()).toHaveText(/^\d{3} \d{4} \d{4} ext\. \d{4}$/);
    await page.goto("/pickup");
    await expect(page.getByRole("heading", { name: "Pickup", level: 1 })).toBeVisible();
  });

  test("an English browser gets English", async ({ browser }) => {
    const context = await browser.newContext({
      locale: "en-US",
      extraHTTPHeaders: { "accept-language": "en-US,en;q=0.9" },
    });
    const page = await context.newPage();
    await signIn(page, DEMO.email, DEMO.password);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
    await context.close();
  });
});
