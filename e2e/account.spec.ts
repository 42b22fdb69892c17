import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

async function download(page: Page, password?: string) {
  await page.goto("/account");
  if (password !== undefined) await page.getByLabel(/Password \(only to include/).fill(password);
  const pending = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download my data" }).click();
  const file = await pending;
  expect(file.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  return JSON.parse(readFileSync((await file.path()) as string, "utf8"));
}

test.describe("the buyer's rights", { tag: ["@account", "@privacy"] }, () => {
  test("download my data: masked by default, the full number only with the password", async ({ pageAs, newBuyer }) => {
    const who = await newBuyer("export");
    const page = await pageAs(who);
    await page.goto("/orders");
    await page.locator("summary").filter({ hasText: "Account menu" }).click();
    await page.getByRole("link", { name: "My account and data" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "My account", level: 1 })).toBeVisible();

    const masked = await download(page);
    expect(masked.account).toMatchObject({ email: who.email, mobileShown: "masked" });
    expect(masked.account.mobile).toBe(`${who.phone.slice(0, 3)}****${who.phone.slice(-4)}`);
    expect(JSON.stringify(masked)).not.toContain(who.phone);
    expect(masked.activity).toEqual(expect.any(Array));
    expect(masked.orders).toEqual(expect.any(Array));

    await page.goto("/account");
    await page.getByLabel(/Password \(only to include/).fill("not my password");
    await page.getByRole("button", { name: "Download my data" }).click();
    await expect(page).toHaveURL(/\/account\?export=wrong-password$/);
    await expect(page.getByText("That password is not right, so nothing was downloaded.")).toBeVisible();

    const full = await download(page, who.password);
    expect(full.account).toMatchObject({ mobile: who.phone, mobileShown: "full" });
  });

  test("delete my account: password first; then signed out everywhere and the account is gone", async ({
    browser,
    pageAs,
    newBuyer,
  }) => {
    const who = await newBuyer("delete");
    const page = await pageAs(who);
    const elsewhere = await (await browser.newContext({ storageState: who.storageState })).newPage();
    await page.goto("/account");

    await page.getByLabel("Your password, to confirm").fill("not my password");
    await page.getByRole("button", { name: "Delete my account permanently" }).click();
    await expect(page.getByText("That password is not right. Your account was not deleted.").first()).toBeVisible();

    await page.getByLabel("Your password, to confirm").fill(who.password);
    await page.getByRole("button", { name: "Delete my account permanently" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    // Another device of the same account is signed out too.
    await elsewhere.goto("/orders");
    await expect(elsewhere).toHaveURL(/\/sign-in\?next=%2Forders$/);
    await elsewhere.context().close();

    await signIn(page, who.email, who.password);
    await expect(page.getByRole("status")).toContainText("do not match an account");
  });
});
