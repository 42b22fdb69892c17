import { randomInt } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import { OrderPage } from "./pages/order";
import { OrdersPage } from "./pages/orders";
import { PrivacyPage } from "./pages/privacy";
import { dialledLine } from "./relay";
import { DEMO, requireDemo } from "./remote";

export type Buyer = { name: string; email: string; phone: string; password: string; storageState: string };

export { DEMO, demoMode, REMOTE, requireDemo } from "./remote";

let counter = 0;

/** A fresh, unique mainland mobile number (the 136 range is not used by the seed). */
export function uniquePhone(): string {
  return `136${String(randomInt(10 ** 8)).padStart(8, "0")}`;
}

/** Fills in and sends the sign-up form; lands on sign-in with the same notice whether or not an account was made. */
export async function submitSignUp(page: Page, buyer: Omit<Buyer, "storageState">): Promise<"answered" | "refused"> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(buyer.name);
  await page.getByLabel("Email").fill(buyer.email);
  await page.getByLabel("Mobile number").fill(buyer.phone);
  await page.getByLabel("Password").fill(buyer.password);
  await page.getByRole("button", { name: "Create account" }).click();
  return Promise.race([
    page.waitForURL(/\/sign-in\?signedUp=1/).then(() => "answered" as const),
    page
      .getByRole("status")
      .filter({ hasText: /\S/ })
      .waitFor()
      .then(() => "refused" as const),
    // A field's own error shows by the field only, with no banner.
    page
      .locator('[aria-invalid="true"]')
      .first()
      .waitFor()
      .then(() => "refused" as const),
  ]);
}

/** Signs up and then in, as a new buyer does (sign-up answers alike for new and taken details). */
export async function signUp(page: Page, buyer: Omit<Buyer, "storageState">): Promise<void> {
  if ((await submitSignUp(page, buyer)) === "refused") return;
  await page.getByLabel("Email or mobile number").fill(buyer.email);
  await page.getByLabel("Password").fill(buyer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signIn(page: Page, identifier: string, password: string): Promise<void> {
  if (identifier === DEMO.email || identifier === DEMO.waitlist) await requireDemo("the demo account");
  await page.goto("/sign-in");
  await page.getByLabel("Email or mobile number").fill(identifier);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.locator("summary").filter({ hasText: "Account menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Signs a brand-new buyer up in its own context and saves the session for reuse. */
export async function createBuyer(browser: Browser, label: string): Promise<Buyer> {
  counter += 1;
  const stamp = `${Date.now().toString(36)}${counter}${randomInt(1000)}`;
  const buyer = {
    name: `Buyer ${label}`,
    email: `${label}-${stamp}@example.test`,
    phone: uniquePhone(),
    password: `pw-${stamp}-secret`,
  };
  // For scripts/leak-scan.ts: this number and password must appear in no server log and no database file.
  if (process.env.E2E_DATA_DIR)
    appendFileSync(`${process.env.E2E_DATA_DIR}.buyers.jsonl`, `${JSON.stringify(buyer)}\n`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, buyer);
  // Against another server the usual refusal is its per-address sign-up limit: say what the page said.
  await page.waitForURL(/\/privacy$/, { timeout: 15_000 }).catch(async () => {
    const said = (await page.locator("[role=alert], [role=status], [aria-live]").allTextContents()).join(" ").trim();
    throw new Error(`signing up a new buyer did not reach /privacy${said ? `: "${said}"` : ""}`);
  });
  const dir = path.join("test-results", ".auth");
  mkdirSync(dir, { recursive: true });
  const storageState = path.join(dir, `${buyer.email}.json`);
  await context.storageState({ path: storageState });
  await context.close();
  return { ...buyer, storageState };
}

type WorkerFixtures = { buyer: Buyer };
type TestFixtures = {
  /** A page signed in as a buyer of this test's own (signed up for it; protection off). */
  buyerPage: Page;
  /** Signs up another buyer, for tests that need a clean account or a second person. */
  newBuyer: (label: string) => Promise<Buyer>;
  /** A page signed in as the given buyer (closed after the test). */
  pageAs: (buyer: Buyer) => Promise<Page>;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  buyer: [
    async ({ browser }, use, workerInfo) => {
      await use(await createBuyer(browser, `w${workerInfo.workerIndex}`));
    },
    { scope: "worker" },
  ],
  pageAs: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (buyer) => {
      const context = await browser.newContext({ storageState: buyer.storageState });
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
  newBuyer: async ({ browser }, use) => {
    await use((label) => createBuyer(browser, label));
  },
  buyerPage: async ({ newBuyer, pageAs }, use, testInfo) => {
    await use(await pageAs(await newBuyer(testInfo.project.name.replace(/\W/g, ""))));
  },
});

export { expect };

export type OrderStage = "placed" | "shipped" | "delivered" | "completed";

/**
 * The order factory: places a test order as the merchant through the tester controls and walks it
 * to `stage`. `protect` turns protection on first (a new order gets a special line then).
 */
export async function placeOrder(
  page: Page,
  { stage = "placed", protect = true }: { stage?: OrderStage; protect?: boolean } = {},
): Promise<{ id: string; line?: { to: string; extension: string } }> {
  if (protect) {
    const privacy = new PrivacyPage(page);
    await privacy.goto();
    if ((await privacy.switch.getAttribute("aria-checked")) === "false") await privacy.turnOn();
  }
  const id = await new OrdersPage(page).placeTestOrder(protect ? /with a special line/ : /uses your real number/);
  const order = new OrderPage(page);
  await order.goto(id);
  const steps = {
    placed: [],
    shipped: ["Ship"],
    delivered: ["Ship", "Deliver"],
    completed: ["Ship", "Deliver", "Complete"],
  };
  for (const step of steps[stage] as ("Ship" | "Deliver" | "Complete")[]) await order.step(step);
  return { id, line: protect ? await dialledLine(page.getByTestId("special-line")) : undefined };
}

/** A protected order walked to "shipped" (protection must be on), and the special line a courier dials. */
export async function shippedOrder(page: Page): Promise<{ orderId: string; line: { to: string; extension: string } }> {
  const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
  const order = new OrderPage(page);
  await order.goto(orderId);
  await order.step("Ship");
  return { orderId, line: await dialledLine(page.getByTestId("special-line")) };
}
