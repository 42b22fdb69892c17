import { expect, type Locator, type Page } from "@playwright/test";
import { requireDemo } from "../remote";

export class OrdersPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/orders");
    await expect(this.page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  }

  /** The tester controls, folded below the list: opened. */
  async openTesterControls(): Promise<Locator> {
    const tester = this.page.locator("details").filter({ hasText: "Tester controls" });
    if (!(await tester.evaluate((details: HTMLDetailsElement) => details.open))) {
      await tester.locator("summary").click();
    }
    return tester;
  }

  /** Places a test order as the merchant and returns its id (the newest order, first in the list). */
  async placeTestOrder(expected: RegExp = /placed/): Promise<string> {
    await requireDemo("placing a test order (tester controls)");
    await this.goto();
    await (await this.openTesterControls()).getByRole("button", { name: "Place a test order" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: /Order \d+ placed/ })).toContainText(expected);
    const href = await this.cards()
      .first()
      .getByRole("link", { name: /Details/ })
      .getAttribute("href");
    if (!href) throw new Error("new order has no details link");
    return href.split("/").at(-1) as string;
  }

  cards(): Locator {
    return this.page.getByRole("list", { name: "Your orders" }).getByRole("article");
  }

  card(orderId: string): Locator {
    return this.page.getByRole("article").filter({ has: this.page.locator(`a[href="/orders/${orderId}"]`) });
  }
}
