import { expect, placeOrder, test } from "./fixtures";
import { OrdersPage } from "./pages/orders";
import { PickupPage } from "./pages/pickup";
import { PrivacyPage } from "./pages/privacy";

test.describe("lines ending in the buyer's own last four @privacy @pickup", () => {
  test("a buyer turns it on, places an order, and finds their own four digits on Orders and Pickup", async ({
    newBuyer,
    pageAs,
  }) => {
    const buyer = await newBuyer("ownfour");
    const own = buyer.phone.slice(-4);
    const page = await pageAs(buyer);
    const privacy = new PrivacyPage(page);
    await privacy.goto();
    // Off until chosen, with the sentence that says what merchants and couriers then see.
    await expect(privacy.ownLastFour).toHaveAttribute("aria-checked", "false");
    await expect(page.locator("#own-last-four-explanation")).toHaveText(
      `Special lines end in your own last four digits (${own}), so parcel stations find your parcels by the digits you already know. Merchants and couriers see those four digits, as on a masked number.`,
    );
    await privacy.setOwnLastFour(true);
    await page.reload();
    await expect(privacy.ownLastFour).toHaveAttribute("aria-checked", "true");
    await expect(privacy.history().first()).toContainText("Chose special lines ending in your own last four");

    const order = await placeOrder(page, { stage: "shipped" });
    expect(order.line?.extension.slice(-4)).toBe(own);

    const orders = new OrdersPage(page);
    await orders.goto();
    const card = orders.card(order.id);
    await expect(card.getByTestId("last-four")).toHaveText(own);
    await expect(card.getByTestId("other-digits")).toHaveCount(0);

    const pickup = new PickupPage(page);
    await pickup.goto();
    await expect(pickup.lastFours).toHaveText([own]);
    await expect(page.getByTestId("other-digits")).toHaveCount(0);
    // The full number is on none of these screens: only its last four.
    await expect(page.locator("body")).not.toContainText(buyer.phone);
  });
});
