import { expect, type Locator, type Page } from "@playwright/test";

/** The Pickup screen: the codes parcel stations sent to the buyer's lines, and each live line's last four. */
export class PickupPage {
  readonly codes: Locator;
  readonly lastFours: Locator;
  constructor(readonly page: Page) {
    this.codes = page.getByTestId("pickup-code");
    this.lastFours = page.getByTestId("pickup-last-four");
  }

  async goto() {
    await this.page.goto("/pickup");
  }

  /** The card of one pickup code, by the code itself. */
  code(value: string): Locator {
    return this.codes.filter({ has: this.page.getByTestId("pickup-code-value").getByText(value, { exact: true }) });
  }

  async markPickedUp(value: string) {
    const card = this.code(value);
    await card.getByRole("button", { name: "Mark as picked up" }).click();
    await expect(card).toContainText("Picked up");
  }
}
