import { expect, type Locator, type Page } from "@playwright/test";
import { requireDemo } from "../remote";

export class OrderPage {
  readonly lineCard: Locator;
  readonly waybillPhone: Locator;
  constructor(readonly page: Page) {
    this.lineCard = page.getByRole("region", { name: "Special line" });
    this.waybillPhone = page.getByTestId("waybill-phone");
  }

  async goto(orderId: string) {
    await this.page.goto(`/orders/${orderId}`);
  }

  async step(label: "Ship" | "Deliver" | "Complete" | "Cancel" | "Refund") {
    await requireDemo(`the tester control "${label}"`);
    const status = this.page.getByTestId("order-status");
    const before = await status.textContent();
    await this.page.getByRole("region", { name: "Tester controls" }).getByRole("button", { name: label }).click();
    await expect(status).not.toHaveText(before ?? "");
  }

  async endNow() {
    await this.lineCard.getByRole("button", { name: "End now" }).click();
    const dialog = this.page.getByRole("dialog", { name: "End this special line now?" });
    await expect(dialog).toBeVisible();
    const text = await dialog.textContent();
    await dialog.getByRole("button", { name: "End the line now" }).click();
    await expect(this.lineCard.getByRole("button", { name: "End now" })).toHaveCount(0);
    return text ?? "";
  }

  async moveCompletionBack(days: number) {
    await requireDemo("moving completion back (tester controls)");
    const controls = this.page.getByRole("region", { name: "Tester controls" });
    await controls.getByLabel("Days to move completion back").fill(String(days));
    await controls.getByRole("button", { name: "Move completion back" }).click();
    await expect(controls.getByRole("status").filter({ hasText: `moved back ${days} days` })).toBeVisible();
  }

  timelineTime(label: string): Locator {
    return this.page
      .getByRole("list", { name: "Timeline" })
      .getByRole("listitem")
      .filter({ hasText: label })
      .locator("time");
  }
}
