import { DEMO, expect, signIn, signOut, signUp, submitSignUp, test, uniquePhone } from "./fixtures";

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

  test("@enumeration sign-up answers a taken email or mobile exactly as a new one; the owner is told by mail", async ({
    page,
    buyer,
  }) => {
    const answer = async (details: { email: string; phone: string }) => {
      const result = await submitSignUp(page, { name: "Copy Cat", password: "a long enough password", ...details });
      expect(result).toBe("answered");
      return { url: page.url(), text: await page.locator("main").textContent() };
    };
    const fresh = await answer({ email: `fresh-${Date.now()}@example.test`, phone: uniquePhone() });
    const takenEmail = await answer({ email: buyer.email, phone: uniquePhone() });
    const takenPhone = await answer({ email: `other-${Date.now()}@example.test`, phone: `+86 ${buyer.phone}` });
    expect(takenEmail).toEqual(fresh);
    expect(takenPhone).toEqual(fresh);
    expect(fresh.text).toContain("If this email and mobile number are new to us");

    // Nothing was made with the taken details: the newcomer's password does not open the owner's account.
    await signIn(page, buyer.email, "a long enough password");
    await expect(page.getByRole("status")).toContainText("do not match an account");

    await page.goto("/dev/outbox");
    const toOwner = page.getByRole("article").filter({ hasText: `To ${buyer.email}` });
    await expect(toOwner.filter({ hasText: "your email address" }).first()).toBeVisible();
    await expect(toOwner.filter({ hasText: "your mobile number" }).first()).toBeVisible();
    await expect(toOwner.first()).toContainText("Someone tried to sign up with your details");
    await expect(page.locator("main")).not.toContainText(buyer.phone);
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
