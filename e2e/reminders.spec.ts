import { expect, shippedOrder, test } from "./fixtures";
import { PrivacyPage } from "./pages/privacy";
import { relay } from "./relay";

const STATION = "10690000888";

test.describe("Reminders @reminders", () => {
  test("a pickup code shows in the bell; a push delivered to the service worker becomes a notification @reminders", async ({
    browser,
    baseURL,
    newBuyer,
    request,
  }) => {
    const buyer = await newBuyer("reminders");
    const context = await browser.newContext({ storageState: buyer.storageState });
    const origin = new URL(baseURL as string).origin;
    await context.grantPermissions(["notifications"], { origin });
    const page = await context.newPage();
    await new PrivacyPage(page).turnOn();
    const { line } = await shippedOrder(page);
    await relay(request, "message", {
      ...line,
      from: STATION,
      text: "【菜鸟驿站】您的包裹已到文三路店，请凭取件码 2-6-1188 取件",
    });

    // In the app: the bell, for a buyer who allowed no notifications.
    await page.goto("/pickup");
    const bell = page.getByTestId("reminder-bell");
    await expect(bell.getByTestId("reminder-unread")).toHaveText("1");
    await bell.locator("summary").click();
    await expect(bell.getByTestId("reminder").first()).toContainText("Pickup code 2-6-1188");
    await bell.getByRole("button", { name: "Mark all read" }).click();
    await expect(bell.getByTestId("reminder-unread")).toHaveCount(0);

    // The service worker: a push message through the DevTools protocol, the path a push service's takes.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const cdp = await context.newCDPSession(page);
    const registration = new Promise<string>((resolve) => {
      cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
        const active = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
        if (active) resolve(active.registrationId);
      });
    });
    await cdp.send("ServiceWorker.enable");
    const registrationId = await registration;
    const reminder = {
      title: "Pickup code 2-6-1188",
      body: "USB-C charger is waiting at 菜鸟驿站.",
      url: "/pickup",
      tag: "reminder-e2e",
      action: null,
    };
    await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId, data: JSON.stringify(reminder) });
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const shown = await (await navigator.serviceWorker.ready).getNotifications();
          return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: (n.data as { url: string }).url }));
        }),
      )
      .toEqual([{ title: reminder.title, body: reminder.body, tag: reminder.tag, url: "/pickup" }]);
    await context.close();
  });

  test("the buyer chooses the kinds and the quiet hours on the Privacy page, and they stay @reminders", async ({
    buyerPage: page,
  }) => {
    await page.goto("/privacy");
    const section = page.getByRole("region", { name: "Reminders" });
    await expect(section.getByLabel("From")).toHaveValue("22:00");
    await expect(section.getByLabel("Until")).toHaveValue("08:00");
    await section.getByLabel("A pickup code arrived").uncheck();
    await section.getByLabel("From").fill("23:30");
    await section.getByRole("button", { name: "Save reminders" }).click();
    await expect(section.getByText("Saved.")).toBeVisible();
    await page.reload();
    await expect(section.getByLabel("A pickup code arrived")).not.toBeChecked();
    await expect(section.getByLabel("A line stops in 2 days", { exact: false })).toBeChecked();
    await expect(section.getByLabel("From")).toHaveValue("23:30");
  });
});
