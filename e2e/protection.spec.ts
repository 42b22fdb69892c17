import { captureAction, replayAction } from "./actions";
import { DEMO, expect, signIn, test } from "./fixtures";
import { OrderPage } from "./pages/order";
import { OrdersPage } from "./pages/orders";
import { PrivacyPage } from "./pages/privacy";

/** `2026-12-07 14:30` (China time) + days, formatted the same way. */
function plusDays(chinaTime: string, days: number): string {
  const instant = new Date(`${chinaTime.replace(" ", "T")}:00+08:00`).getTime() + days * 86_400_000;
  return new Date(instant + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

test.describe("order number protection", { tag: ["@privacy", "@orders"] }, () => {
  test("turned on, a new order gets a special line; its line and last four copy to the clipboard", async ({
    newBuyer,
    pageAs,
  }) => {
    const page = await pageAs(await newBuyer("copy"));
    await new PrivacyPage(page).turnOn();
    const orders = new OrdersPage(page);
    const orderId = await orders.placeTestOrder(/with a special line/);
    const card = orders.card(orderId);
    const line = (await card.getByTestId("special-line").textContent()) ?? "";
    const match = line.match(/^(\d{3}) (\d{4}) (\d{4}) ext\. (\d{4})$/);
    expect(match, `special line "${line}"`).not.toBeNull();
    const [, a, b, c, extension] = match as RegExpMatchArray;
    await expect(card.getByTestId("last-four")).toHaveText(extension);
    await expect(card).toContainText("Active");

    await card.getByRole("button", { name: "Copy line" }).click();
    await expect(card.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${a}${b}${c},${extension}`);
    await card.getByRole("button", { name: "Copy last four" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(extension);

    // Not shipped yet: nothing to pick up, so Pickup does not list it.
    await page.goto("/pickup");
    await expect(page.getByTestId("parcel-card")).toHaveCount(0);
  });

  test("a completed order's line ends 15 days after completion, and shows it no longer works after it", async ({
    newBuyer,
    pageAs,
  }) => {
    const page = await pageAs(await newBuyer("expiry"));
    await new PrivacyPage(page).turnOn();
    const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
    const order = new OrderPage(page);
    await order.goto(orderId);
    await order.step("Ship");
    await order.step("Deliver");
    await order.step("Complete");
    const completedAt = (await order.timelineTime("Completed").textContent()) ?? "";
    await expect(order.lineCard).toContainText(`Works until ${plusDays(completedAt, 15)} (China time), 15 days left.`);
    await expect(order.lineCard.getByRole("link", { name: "Call this line" })).toHaveAttribute(
      "href",
      /^tel:\d{11},\d{4}$/,
    );

    await order.moveCompletionBack(16);
    await expect(order.lineCard).toContainText("Expired · no longer works");
    await expect(order.lineCard).toContainText("Calls and messages to it are rejected");
    await expect(order.lineCard.getByRole("button", { name: "Copy line" })).toHaveCount(0);
    await expect(order.lineCard.getByRole("button", { name: "End now" })).toHaveCount(0);
    await page.goto("/pickup");
    await expect(page.getByTestId("pickup-last-four")).toHaveCount(0);
  });

  test("a completed order refunded after-sales ends its line at once and keeps its completion on the timeline", async ({
    newBuyer,
    pageAs,
  }) => {
    const page = await pageAs(await newBuyer("after-sales"));
    await new PrivacyPage(page).turnOn();
    const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
    const order = new OrderPage(page);
    await order.goto(orderId);
    for (const step of ["Ship", "Deliver", "Complete", "Refund"] as const) await order.step(step);
    await expect(page.getByTestId("order-status")).toHaveText("Refunded");
    await expect(order.lineCard).toContainText("Ended: order refunded.");
    await expect(order.timelineTime("Completed")).toHaveCount(1);
    await expect(order.timelineTime("Refunded")).toHaveCount(1);
  });

  test("ending a line early on an undelivered order hands the courier the masked real number", async ({
    newBuyer,
    pageAs,
  }) => {
    const buyer = await newBuyer("end-early");
    const page = await pageAs(buyer);
    await new PrivacyPage(page).turnOn();
    const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
    const order = new OrderPage(page);
    await order.goto(orderId);
    await order.step("Ship");
    const lineText = (await page.getByTestId("special-line").textContent()) ?? "";
    await expect(order.waybillPhone).toHaveText(lineText);

    const confirmation = await order.endNow();
    const masked = `${buyer.phone.slice(0, 3)}****${buyer.phone.slice(-4)}`;
    expect(confirmation).toContain(`the merchant and courier will use your real number ${masked}`);
    await expect(order.waybillPhone).toHaveText(masked);
    await expect(order.lineCard).toContainText(`Uses your real number ${masked}`);
    await expect(order.lineCard.getByRole("button", { name: "Protect this order" })).toBeVisible();
  });

  test("turning off with 'end them all now' ends every live line", async ({ newBuyer, pageAs }) => {
    const page = await pageAs(await newBuyer("off-end"));
    const privacy = new PrivacyPage(page);
    await privacy.turnOn();
    const orders = new OrdersPage(page);
    await orders.placeTestOrder(/with a special line/);
    await orders.placeTestOrder(/with a special line/);
    await privacy.goto();
    await expect(privacy.liveLines()).toHaveText("2");
    await privacy.turnOff("end");
    await expect(privacy.liveLines()).toHaveText("0");
    await page.goto("/pickup");
    await expect(page.getByTestId("pickup-last-four")).toHaveCount(0);
    await orders.goto();
    await expect(orders.cards().filter({ hasText: "Active" })).toHaveCount(0);
    await expect(orders.cards().filter({ hasText: "(its special line was ended)" })).toHaveCount(2);
  });

  test("turning off with 'keep' leaves live lines running and new orders unprotected", async ({ newBuyer, pageAs }) => {
    const page = await pageAs(await newBuyer("off-keep"));
    const privacy = new PrivacyPage(page);
    await privacy.turnOn();
    const orders = new OrdersPage(page);
    const protectedId = await orders.placeTestOrder(/with a special line/);
    await privacy.turnOff("keep");
    await expect(privacy.liveLines()).toHaveText("1");
    const plainId = await orders.placeTestOrder(/uses your real number/);
    await expect(orders.card(protectedId)).toContainText("Active");
    await expect(orders.card(plainId)).toContainText("Uses your real number");
    await expect(orders.card(plainId).getByTestId("last-four")).toHaveCount(0);
  });

  test("an ineligible buyer cannot turn protection on, in the UI or by posting the action", async ({
    browser,
    newBuyer,
    pageAs,
  }) => {
    const context = await browser.newContext();
    const waitlist = await context.newPage();
    await signIn(waitlist, DEMO.waitlist, DEMO.password);
    await expect(waitlist).toHaveURL(/\/orders$/);
    const waitlistPrivacy = new PrivacyPage(waitlist);
    await waitlistPrivacy.goto();
    await expect(waitlistPrivacy.switch).toBeDisabled();
    await expect(waitlist.getByText("Not available to your account yet")).toBeVisible();
    await waitlist.getByRole("button", { name: "Notify me when available" }).click();
    await expect(waitlist.getByRole("status").filter({ hasText: "We will tell you" })).toBeVisible();

    // An eligible buyer's own "turn on" request, replayed with the waitlisted buyer's cookies.
    const eligible = await pageAs(await newBuyer("eligible"));
    const privacy = new PrivacyPage(eligible);
    await privacy.goto();
    await privacy.switch.click();
    const captured = await captureAction(eligible, () =>
      eligible.getByRole("dialog").getByRole("button", { name: "Turn on" }).click(),
    );
    const response = await replayAction(waitlist, captured);
    expect(await response.text()).toContain("not available to your account yet");
    await waitlistPrivacy.goto();
    await expect(waitlistPrivacy.switch).toHaveAttribute("aria-checked", "false");
    await expect(waitlistPrivacy.switch).toBeDisabled();
    await context.close();
  });

  test("buyer B gets 404 on buyer A's order and cannot end A's line by posting the action", async ({
    newBuyer,
    pageAs,
  }) => {
    const pageA = await pageAs(await newBuyer("a"));
    await new PrivacyPage(pageA).turnOn();
    const orderA = await new OrdersPage(pageA).placeTestOrder(/with a special line/);

    const pageB = await pageAs(await newBuyer("b"));
    const response = await pageB.goto(`/orders/${orderA}`);
    expect(response?.status()).toBe(404);
    await expect(pageB.getByRole("heading", { name: "Not found" })).toBeVisible();

    await new PrivacyPage(pageB).turnOn();
    const orderB = await new OrdersPage(pageB).placeTestOrder(/with a special line/);
    const orderPageB = new OrderPage(pageB);
    await orderPageB.goto(orderB);
    await orderPageB.lineCard.getByRole("button", { name: "End now" }).click();
    // B's own end request is let through to capture its shape, then replayed against A's order.
    const captured = await captureAction(pageB, () =>
      pageB.getByRole("dialog").getByRole("button", { name: "End the line now" }).click(),
    );
    const replay = await replayAction(pageB, captured, [orderB, orderA]);
    expect(await replay.text()).toContain("That order does not exist.");

    const orderPageA = new OrderPage(pageA);
    await orderPageA.goto(orderA);
    await expect(orderPageA.lineCard).toContainText("Active");
    await expect(orderPageA.lineCard.getByRole("button", { name: "End now" })).toBeVisible();
  });

  test("the activity history shows each change, newest first", async ({ newBuyer, pageAs }) => {
    const page = await pageAs(await newBuyer("history"));
    const privacy = new PrivacyPage(page);
    await privacy.turnOn();
    const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
    const order = new OrderPage(page);
    await order.goto(orderId);
    await order.endNow();
    await privacy.turnOff("keep");
    await privacy.turnOn();
    await privacy.turnOff("end");
    await privacy.goto();
    await expect(privacy.history()).toHaveText([
      /Turned protection off and ended 0 live lines at once/,
      /Turned order number protection on/,
      /Turned protection off, kept live lines until they end/,
      /Ended a special line early \(order \d+\)/,
      /Turned order number protection on/,
    ]);
  });
});
