import { expect, type Locator, type Page } from "@playwright/test";

export class PrivacyPage {
  readonly switch: Locator;
  constructor(readonly page: Page) {
    this.switch = page.getByRole("switch", { name: /Order number protection/ });
  }

  async goto() {
    await this.page.goto("/privacy");
    await expect(this.page.getByRole("heading", { name: "Privacy", level: 1 })).toBeVisible();
  }

  async turnOn() {
    await this.goto();
    await expect(this.switch).toHaveAttribute("aria-checked", "false");
    await this.switch.click();
    const dialog = this.page.getByRole("dialog", { name: "Turn on order number protection?" });
    await expect(dialog).toContainText("every new order gets its own special line");
    await dialog.getByRole("button", { name: "Turn on" }).click();
    await expect(this.switch).toHaveAttribute("aria-checked", "true");
  }

  async turnOff(mode: "keep" | "end") {
    await this.goto();
    await this.switch.click();
    const dialog = this.page.getByRole("dialog", { name: "Turn off order number protection?" });
    await dialog.getByRole("button", { name: mode === "keep" ? "Keep live lines" : "End them all now" }).click();
    await expect(this.switch).toHaveAttribute("aria-checked", "false");
  }

  history(): Locator {
    return this.page.getByRole("list", { name: "Activity history" }).getByRole("listitem");
  }

  liveLines(): Locator {
    return this.page.getByTestId("live-lines");
  }
}
