import { randomInt } from "node:crypto";
import type { Page } from "@playwright/test";
import { captureAction, replayAction } from "./actions";
import { expect, test } from "./fixtures";
import { OperatorConsole, SEED_HOSTS, spaced } from "./pages/operator";
import { OrderPage } from "./pages/order";
import { OrdersPage } from "./pages/orders";
import { PrivacyPage } from "./pages/privacy";
import { dialledLine, relay } from "./relay";

const STRANGER = "13511112222";

/** A host number nobody else uses (the seed and the other specs stay in 170). */
function freshHost(): string {
  return `171${String(randomInt(10 ** 8)).padStart(8, "0")}`;
}

// These tests change what every buyer sees; the config runs this file alone, after all others.
test.describe.configure({ mode: "serial" });

test.describe("operator console", { tag: "@operator" }, () => {
  let ops: OperatorConsole;
  let opsPage: Page;

  test.beforeAll(async ({ browser }) => {
    opsPage = await (await browser.newContext()).newPage();
    ops = new OperatorConsole(opsPage);
    await ops.signIn();
  });

  test.afterAll(async () => {
    // Leave the world as the seed made it, whatever failed above.
    await ops.goto();
    if ((await ops.rollout.getByLabel("Rollout percentage").inputValue()) !== "100") await ops.setPercentage("100");
    for (const host of SEED_HOSTS) {
      const status = await ops.hostStatus(host);
      if (status === "Retired") await ops.changeHost(host, "Reactivate", "Active");
      if (status === "Locked") await ops.changeHost(host, "Unlock", "Active");
    }
    await opsPage.context().close();
  });

  test("changes the rollout percentage and lists; eligible and notify counts follow, and buyers see it at once", async ({
    newBuyer,
    pageAs,
  }) => {
    const buyer = await newBuyer("rollout");
    const buyerPage = await pageAs(buyer);
    const privacy = new PrivacyPage(buyerPage);

    await ops.goto();
    await expect(ops.rollout.getByLabel("Rollout percentage")).toHaveValue("100");
    const buyers = await ops.number("rollout-not-yet").then(async (notYet) => {
      expect(notYet).toBe(0);
      return (
        (await ops.number("rollout-allow-list")) +
        (await ops.number("rollout-percentage")) +
        (await ops.number("rollout-held-out"))
      );
    });
    await expect(ops.stat("rollout-eligible")).toHaveText(
      `${buyers - (await ops.number("rollout-held-out"))} of ${buyers} buyers`,
    );
    const notifyBefore = Number(((await ops.stat("rollout-notify").textContent()) ?? "").match(/^\d+/)?.[0]);

    // Bad input: a clear message, nothing changes.
    await ops.setPercentage("101");
    await expect(ops.rollout.getByText("Enter a whole number from 0 to 100.")).toBeVisible();
    await ops.goto();
    await expect(ops.rollout.getByLabel("Rollout percentage")).toHaveValue("100");

    await ops.setPercentage("0");
    await expect(ops.rollout.getByRole("status").filter({ hasText: "Rollout set to 0% (was 100%)." })).toBeVisible();
    await expect(ops.stat("rollout-percentage")).toHaveText("0");
    const allowListed = await ops.number("rollout-allow-list");
    await expect(ops.stat("rollout-eligible")).toHaveText(`${allowListed} of ${buyers} buyers`);
    await privacy.goto();
    await expect(privacy.switch).toBeDisabled();
    await expect(buyerPage.getByText("Not available to your account yet")).toBeVisible();

    await ops.addToList("not-an-email", "Allow-list");
    await expect(ops.rollout.getByText("Enter a valid email address.").first()).toBeVisible();

    await ops.addToList(buyer.email.toUpperCase(), "Allow-list");
    await expect(
      ops.rollout.getByRole("status").filter({ hasText: `${buyer.email} is on the allow-list now.` }),
    ).toBeVisible();
    await expect(ops.list("Allow-list")).toContainText(buyer.email);
    await expect(ops.stat("rollout-eligible")).toHaveText(`${allowListed + 1} of ${buyers} buyers`);
    await privacy.goto();
    await expect(privacy.switch).toBeEnabled();

    await ops.addToList(buyer.email, "Hold-out list");
    await expect(
      ops.rollout
        .getByRole("status")
        .filter({ hasText: `${buyer.email} moved from the allow-list to the hold-out list.` }),
    ).toBeVisible();
    await expect(ops.list("Hold-out list")).toContainText(buyer.email);
    await privacy.goto();
    await expect(privacy.switch).toBeDisabled();
    await buyerPage.getByRole("button", { name: "Notify me when available" }).click();
    await expect(buyerPage.getByRole("status").filter({ hasText: "We will tell you" })).toBeVisible();
    await ops.goto();
    await expect(ops.stat("rollout-notify")).toHaveText(new RegExp(`^${notifyBefore + 1} buyers?, `));

    await ops
      .list("Hold-out list")
      .getByRole("button", { name: `Remove ${buyer.email} from the hold-out list` })
      .click();
    await expect(ops.list("Hold-out list").getByText(buyer.email)).toHaveCount(0);

    await ops.setPercentage("100");
    await expect(ops.rollout.getByRole("status").filter({ hasText: "Rollout set to 100% (was 0%)." })).toBeVisible();
    await privacy.goto();
    await expect(privacy.switch).toBeEnabled();

    const masked = `${buyer.email.slice(0, 2)}***@example.test`;
    await ops.goto();
    await expect(ops.audit.nth(0)).toContainText("Rollout set from 0% to 100%");
    await expect(ops.audit.nth(1)).toContainText(`Removed ${masked} from the hold-out list`);
    await expect(ops.audit.nth(2)).toContainText(`Moved ${masked} from the allow-list to the hold-out list`);
    await expect(ops.audit.nth(3)).toContainText(`Added ${masked} to the allow-list`);
    await expect(ops.audit.nth(4)).toContainText("Rollout set from 100% to 0%");
    await expect(ops.audit.nth(0)).toContainText("by Ops Desk (operator@example.com)");
    await expect(ops.audit.filter({ hasText: buyer.email })).toHaveCount(0);
  });

  test("adds a host number; locking it rejects its calls at once, retiring it stops new lines but not live ones", async ({
    newBuyer,
    pageAs,
    request,
  }) => {
    const host = freshHost();
    const shown = spaced(host);
    await ops.goto();
    await ops.addHost("12345");
    await expect(ops.hosts.getByText(/Enter a mainland China mobile number/).first()).toBeVisible();

    await ops.addHost(`+86 ${shown}`);
    await expect(
      ops.hosts.getByRole("status").filter({ hasText: `${shown} added with 10,000 free slots.` }),
    ).toBeVisible();
    const card = ops.host(shown);
    await expect(card.getByTestId("host-status")).toHaveText(/Active$/);
    await expect(card.getByTestId("host-free")).toHaveText("10,000");
    await expect(card.getByTestId("host-bound")).toHaveText("0");
    await ops.addHost(host);
    await expect(ops.hosts.getByText(`${host} is already in the pool.`).first()).toBeVisible();

    // With the seeded numbers retired, every new line lands on the new one.
    for (const seeded of SEED_HOSTS) await ops.changeHost(seeded, "Retire", "Retired");
    const buyerPage = await pageAs(await newBuyer("host"));
    await new PrivacyPage(buyerPage).turnOn();
    const orders = new OrdersPage(buyerPage);
    const orderId = await orders.placeTestOrder(/with a special line/);
    const order = new OrderPage(buyerPage);
    await order.goto(orderId);
    const line = await dialledLine(buyerPage.getByTestId("special-line"));
    expect(line.to).toBe(host);

    await ops.goto();
    await expect(card.getByTestId("host-bound")).toHaveText("1");
    await expect(card.getByTestId("host-free")).toHaveText("9,999");
    await expect(card.getByTestId("host-last-hour")).toHaveText("1");
    await expect(ops.stat("pool-forecast")).toHaveText(
      /^At [\d.,]+ lines?\/(hour|day), free slots last about [\d,]+ (days|hours) \(until /,
    );

    await ops.changeHost(shown, "Lock", "Locked");
    expect(await relay(request, "call", { ...line, from: STRANGER })).toMatchObject({
      action: "reject",
      reason: "locked",
    });
    await order.goto(orderId);
    const contacts = buyerPage.getByRole("list", { name: "Calls and messages" }).getByTestId("contact");
    await expect(contacts.first().getByTestId("contact-outcome")).toHaveText("Rejected: number locked by the operator");
    await orders.placeTestOrder(/no special line was free/);

    // Retired: no new lines (the pool has no active number now), but the live line works again.
    await ops.changeHost(shown, "Retire", "Retired");
    expect(await relay(request, "call", { ...line, from: STRANGER })).toMatchObject({ action: "forward" });
    await orders.placeTestOrder(/no special line was free/);
    await ops.goto();
    await expect(ops.stat("pool-allocatable")).toHaveText("0");
    await expect(ops.stat("pool-forecast")).toHaveText(/^No free slot on an active host number/);

    await ops.changeHost(shown, "Reactivate", "Active");
    for (const seeded of SEED_HOSTS) await ops.changeHost(seeded, "Reactivate", "Active");
    await orders.placeTestOrder(/with a special line/);

    await expect(ops.audit.nth(0)).toContainText(`Host number ${SEED_HOSTS[1]}: retired → active`);
    await expect(ops.audit.filter({ hasText: `Host number ${shown}: locked → retired` })).toHaveCount(1);
    await expect(ops.audit.filter({ hasText: `Host number ${shown}: active → locked` })).toHaveCount(1);
    await expect(ops.audit.filter({ hasText: `Added host number ${shown} with 10,000 slots` })).toHaveCount(1);
  });

  test("a buyer gets 404 on /operator, has no link to it, and a replayed operator action is refused", async ({
    buyer,
    pageAs,
    browser,
  }) => {
    const host = freshHost();
    const shown = spaced(host);
    await ops.goto();
    await ops.addHost(host);
    await expect(ops.host(shown)).toBeVisible();
    await opsPage.locator("summary").filter({ hasText: "Account menu" }).click();
    await expect(opsPage.getByRole("link", { name: "Operator console" })).toBeVisible();

    const buyerPage = await pageAs(buyer);
    const response = await buyerPage.goto("/operator");
    expect(response?.status()).toBe(404);
    await expect(buyerPage.getByRole("heading", { name: "Not found" })).toBeVisible();
    await buyerPage.goto("/orders");
    await buyerPage.locator("summary").filter({ hasText: "Account menu" }).click();
    await expect(buyerPage.getByRole("link", { name: "My account and data" })).toBeVisible();
    await expect(buyerPage.getByRole("link", { name: "Operator console" })).toHaveCount(0);

    const anonymous = await browser.newContext();
    const anonymousPage = await anonymous.newPage();
    await anonymousPage.goto("/operator");
    await expect(anonymousPage).toHaveURL(/\/sign-in\?next=%2Foperator$/);
    await anonymous.close();

    // The operator's own "lock" request, replayed with the buyer's cookies.
    await ops.goto();
    await ops.host(shown).getByRole("button", { name: "Lock", exact: true }).click();
    const captured = await captureAction(opsPage, () =>
      opsPage
        .getByRole("dialog", { name: `Lock ${shown}?` })
        .getByRole("button", { name: "Lock now" })
        .click(),
    );
    await expect(ops.host(shown).getByTestId("host-status")).toHaveText(/Locked$/);
    await ops.changeHost(shown, "Unlock", "Active");
    const entries = await ops.audit.count();

    const replay = await replayAction(buyerPage, captured);
    expect(await replay.text()).toContain("Only operators can do this. Nothing was changed.");
    await ops.goto();
    await expect(ops.host(shown).getByTestId("host-status")).toHaveText(/Active$/);
    await expect(ops.audit).toHaveCount(entries);
  });
});
