import { DEMO, expect, signIn, signOut, signUp, test, uniquePhone } from "./fixtures";

test.describe("accounts", { tag: "@account" }, () => {
  test("a new buyer signs up, signs out, and signs in again with email and with mobile number", async ({ page }) => {
    const phone = uniquePhone();
    const buyer = {
      name: "Chen Jie",
      email: `chen-${Date.now()}@example.test`,
      phone,
      password: "a long enough password",
    };
    await signUp(page, buyer);
    await expect(page).toHaveURL(/\/privacy$/);
    await expect(page.getByTestId("masked-phone")).toHaveText(`${phone.slice(0, 3)}****${phone.slice(-4)}`);

    await signOut(page);

    await signIn(page, buyer.email, buyer.password);
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();

    await signOut(page);

    await signIn(page, `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`, buyer.password);
    await expect(page).toHaveURL(/\/orders$/);
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    await signIn(page, DEMO.email, "not-the-password");
    await expect(page.getByRole("status")).toContainText("do not match an account");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByLabel("Email or mobile number")).toHaveValue(DEMO.email);
  });

  test("an invalid mobile number is refused, tied to its field, and nothing is created", async ({ page }) => {
    const email = `bad-phone-${Date.now()}@example.test`;
    await signUp(page, { name: "Bad Phone", email, phone: "12345678901", password: "a long enough password" });
    const phone = page.getByLabel("Mobile number");
    await expect(phone).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter a mainland China mobile number")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-up$/);
    await signIn(page, email, "a long enough password");
    await expect(page.getByRole("status")).toContainText("do not match an account");
  });

  test("sign-up: a 310-character name is cut in the browser; another field's error keeps the password and shows once", async ({
    page,
  }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("名".repeat(310));
    expect((await page.getByLabel("Name").inputValue()).length).toBe(80);
    await page.getByLabel("Email").fill(`keep-${Date.now()}@example.test`);
    await page.getByLabel("Mobile number").fill("12345");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    const error = page.locator("#field-phone-error");
    await expect(error).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveValue("a long enough password");
    const message = (await error.textContent()) ?? "";
    await expect(page.getByText(message, { exact: true })).toHaveCount(1);
    await expect(page.getByText("Check the highlighted fields.")).toHaveCount(0);
  });

  test("a duplicate email and a duplicate mobile number are each refused clearly", async ({ page, buyer }) => {
    await signUp(page, {
      name: "Copy Cat",
      email: buyer.email,
      phone: uniquePhone(),
      password: "a long enough password",
    });
    // Once, by its field: not also in a banner.
    await expect(page.getByText("An account with this email already exists")).toHaveCount(1);
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    await signUp(page, {
      name: "Copy Cat",
      email: `other-${Date.now()}@example.test`,
      phone: `+86 ${buyer.phone}`,
      password: "a long enough password",
    });
    await expect(page.getByText("An account with this mobile number already exists")).toHaveCount(1);
    await expect(page.getByLabel("Mobile number")).toHaveAttribute("aria-invalid", "true");
  });

  test("an anonymous visit to /orders goes to sign-in, then back to /orders", async ({ page }) => {
    await page.goto("/orders");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Forders$/);
    await page.getByLabel("Email or mobile number").fill(DEMO.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();
  });
});
