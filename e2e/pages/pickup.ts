import { expect, type Locator, type Page } from "@playwright/test";

/** The Pickup screen: the parcels waiting at a station (with their codes) or on the way, each with the last four. */
export class PickupPage {
  readonly parcels: Locator;
  readonly lastFours: Locator;
  constructor(readonly page: Page) {
    this.parcels = page.getByTestId("parcel-card");
    this.lastFours = page.getByTestId("parcel-last-four");
  }

  async goto() {
    await this.page.goto("/pickup");
  }

  /** The card of the parcel a pickup code belongs to, by the code itself. */
  code(value: string): Locator {
    return this.parcels.filter({ has: this.page.getByTestId("parcel-code").getByText(value, { exact: true }) });
  }

  /** Marks the parcel of `value` picked up: it leaves the screen. */
  async markPickedUp(value: string) {
    const card = this.code(value);
    await card.getByRole("button", { name: "Mark as picked up" }).click();
    await expect(card).toHaveCount(0);
  }
}
