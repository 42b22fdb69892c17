import { expect, placeOrder, test } from "./fixtures";
import { PickupPage } from "./pages/pickup";
import { sendPickupNotice } from "./relay";

// The example of e2e/README.md: a buyer of its own, an order from the factory, a signed notice.
test("a pickup notice to a shipped order's line shows its code on Pickup", { tag: "@pickup" }, async ({
  buyerPage: page,
  request,
}) => {
  const { line } = await placeOrder(page, { stage: "shipped" });
  if (!line) throw new Error("a protected order has a line");
  await sendPickupNotice(request, line, { code: "3-1-2024" });
  const pickup = new PickupPage(page);
  await pickup.goto();
  await expect(pickup.code("3-1-2024").getByTestId("parcel-last-four")).toHaveText(line.extension);
});
