import { expect, type Locator, type Page } from "@playwright/test";

export const OPERATOR = { email: "operator@example.com", password: "protect-my-number" };
/** The seeded pool (lib/demo/seed.ts SEED_HOSTS), as the console writes them. */
export const SEED_HOSTS = ["170 1234 5678", "170 1234 5679"];

/** `17112345678` → `171 1234 5678`, as the console and the special line show host numbers. */
export function spaced(host: string): string {
  return `${host.slice(0, 3)} ${host.slice(3, 7)} ${host.slice(7)}`;
}

export class OperatorConsole {
  readonly rollout: Locator;
  readonly pool: Locator;
  readonly hosts: Locator;
  readonly audit: Locator;
  constructor(readonly page: Page) {
    this.rollout = page.getByRole("region", { name: "Gray-scale rollout" });
    this.pool = page.getByRole("region", { name: "Pool health" });
    this.hosts = page.getByRole("region", { name: "Host numbers" });
    this.audit = page.getByRole("list", { name: "Operator changes, newest first" }).getByRole("listitem");
  }

  async signIn() {
    await this.page.goto("/sign-in?next=/operator");
    await this.page.getByLabel("Email or mobile number").fill(OPERATOR.email);
    await this.page.getByLabel("Password").fill(OPERATOR.password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await expect(this.page.getByRole("heading", { name: "Operator console", level: 1 })).toBeVisible();
  }

  async goto() {
    await this.page.goto("/operator");
    await expect(this.page.getByRole("heading", { name: "Operator console", level: 1 })).toBeVisible();
  }

  stat(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  async number(testId: string, within: Locator | Page = this.page): Promise<number> {
    const text = (await within.getByTestId(testId).textContent()) ?? "";
    return Number(text.replace(/[^\d]/g, ""));
  }

  async setPercentage(value: string) {
    await this.rollout.getByLabel("Rollout percentage").fill(value);
    await this.rollout.getByRole("button", { name: "Save percentage" }).click();
  }

  async addToList(email: string, list: "Allow-list" | "Hold-out list") {
    const form = this.rollout.locator("form").filter({ has: this.page.getByRole("button", { name: "Add to list" }) });
    await form.getByLabel("Email").fill(email);
    await form.getByRole("radio", { name: list }).check();
    await form.getByRole("button", { name: "Add to list" }).click();
  }

  list(name: "Allow-list" | "Hold-out list"): Locator {
    return this.rollout.getByRole("list", { name });
  }

  host(spacedNumber: string): Locator {
    return this.hosts
      .getByRole("list", { name: "Host numbers" })
      .getByRole("listitem")
      .filter({ has: this.page.getByRole("heading", { name: spacedNumber, exact: true }) });
  }

  async addHost(number: string) {
    await this.hosts.getByRole("textbox", { name: "Host number" }).fill(number);
    await this.hosts.getByRole("button", { name: "Add host number" }).click();
  }

  /** Opens a host's confirmation dialog by its button and confirms it; waits for the new status. */
  async changeHost(
    spacedNumber: string,
    button: "Retire" | "Lock" | "Reactivate" | "Unlock",
    expected: "Active" | "Retired" | "Locked",
  ) {
    const card = this.host(spacedNumber);
    await card.getByRole("button", { name: button, exact: true }).click();
    const title = { Retire: "Retire", Lock: "Lock", Reactivate: "Reactivate", Unlock: "Unlock" }[button];
    const dialog = this.page.getByRole("dialog", { name: `${title} ${spacedNumber}?` });
    await expect(dialog).toBeVisible();
    const confirm = { Retire: "Retire", Lock: "Lock now", Reactivate: "Reactivate", Unlock: "Unlock" }[button];
    await dialog.getByRole("button", { name: confirm, exact: true }).click();
    await expect(this.host(spacedNumber).getByTestId("host-status")).toHaveText(new RegExp(`${expected}$`));
  }

  async hostStatus(spacedNumber: string): Promise<string> {
    return ((await this.host(spacedNumber).getByTestId("host-status").textContent()) ?? "").replace(/^Status: /, "");
  }
}
