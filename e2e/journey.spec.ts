import { expect, placeOrder, test } from "./fixtures";
import { OrderPage } from "./pages/order";
import { PickupPage } from "./pages/pickup";
import { relay, sendPickupNotice } from "./relay";

const MERCHANT = "13900001111";

test.describe("a buyer's whole story", { tag: "@journey" }, () => {
  test("signs up, protects an order, collects the parcel by its pickup code, and the line ends after completion", {
    tag: ["@privacy", "@orders", "@pickup", "@relay"],
  }, async ({ buyerPage: page, request }) => {
    const { id, line } = await placeOrder(page, { stage: "delivered" });
    if (!line) throw new Error("a protected order has a special line");
    expect((await relay(request, "call", { ...line, from: MERCHANT })).action).toBe("forward");

    expect(await sendPickupNotice(request, line, { code: "7-3-0815" })).toMatchObject({
      action: "forward",
      pickupCode: "7-3-0815",
    });
    const pickup = new PickupPage(page);
    await pickup.goto();
    await expect(pickup.code("7-3-0815").getByTestId("parcel-last-four")).toHaveText(line.extension);
    await pickup.markPickedUp("7-3-0815");

    const order = new OrderPage(page);
    await order.goto(id);
    await order.step("Complete");
    await expect(order.lineCard).toContainText("15 days left");
    await order.moveCompletionBack(16);
    await expect(order.lineCard).toContainText("Expired · no longer works");
    expect(await relay(request, "call", { ...line, from: MERCHANT })).toEqual({ action: "reject", reason: "expired" });
    await pickup.goto();
    await expect(pickup.lastFours).toHaveCount(0);
  });

  test("ends a line early: the courier gets the masked real number and the line rejects calls", {
    tag: ["@privacy", "@orders", "@relay"],
  }, async ({ buyerPage: page, request }) => {
    const { id, line } = await placeOrder(page, { stage: "shipped" });
    if (!line) throw new Error("a protected order has a special line");
    const order = new OrderPage(page);
    await order.goto(id);
    await order.endNow();
    await expect(order.waybillPhone).toHaveText(/^1\d{2}\*{4}\d{4}$/);
    expect(await relay(request, "call", { ...line, from: MERCHANT })).toEqual({ action: "reject", reason: "ended" });
  });
});
