import { expect, type Locator, type Page } from "@playwright/test";

export class PrivacyPage {
  readonly switch: Locator;
  /** The choice of lines ending in the buyer's own last four. */
  readonly ownLastFour: Locator;
  constructor(readonly page: Page) {
    this.switch = page.getByRole("switch", { name: /Order number protection/ });
    this.ownLastFour = page.getByRole("switch", { name: "End special lines in my own last four digits" });
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

  /** Turns the own-last-four choice on or off and waits for the page to say so. */
  async setOwnLastFour(on: boolean) {
    await this.goto();
    if ((await this.ownLastFour.getAttribute("aria-checked")) === String(on)) return;
    await this.ownLastFour.click();
    await expect(this.page.getByRole("status").filter({ hasText: /New special lines will end in/ })).toBeVisible();
    await expect(this.ownLastFour).toHaveAttribute("aria-checked", String(on));
  }

  history(): Locator {
    return this.page.getByRole("list", { name: "Activity history" }).getByRole("listitem");
  }

  liveLines(): Locator {
    return this.page.getByTestId("live-lines");
  }
}
