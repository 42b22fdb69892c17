import { randomInt, randomUUID } from "node:crypto";
import type { APIRequestContext, BrowserContext, Locator, Page } from "@playwright/test";
import { type CapturedAction, fieldValue, holdAction, replayAction, withField } from "./actions";
import { type Buyer, createBuyer, expect, test } from "./fixtures";
import { OrderPage } from "./pages/order";
import { OrdersPage } from "./pages/orders";
import { PrivacyPage } from "./pages/privacy";
import { dialledLine, relay } from "./relay";

// Buyer B against buyer A's data: every read answers as if A's data did not exist (404, never 403), and
// every action that takes an id answers "does not exist" and changes nothing of A's.

const ORDER_MISSING = "That order does not exist.";
const CONTACT_MISSING = "That call or message does not exist.";
const PARCEL_MISSING = "That parcel does not exist.";
const NOT_FOUND = "This page does not exist, or it is not yours to see.";

const mobile = (prefix: string) => `${prefix}${String(randomInt(10 ** 8)).padStart(8, "0")}`;
const shelfCode = (row: number) => `${row}-2-${String(randomInt(10 ** 4)).padStart(4, "0")}`;
/** A caller as the contact log shows them. */
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
const pickupNotice = (code: string) => `【菜鸟驿站】您的包裹已到文三路店，请凭取件码 ${code} 取件`;

type AccountExport = {
  orders: {
    id: string;
    orderNo: string;
    merchant: string;
    placedAt: string;
    trackingNumber: string | null;
    specialLines: { number: string; dial: string }[];
    contactLog: { caller: string; pickupCode: string | null }[];
  }[];
  activity: { orderNo: string | null }[];
};

type World = {
  contextA: BrowserContext;
  contextB: BrowserContext;
  /** A's orders, one in each state some action needs. */
  orders: {
    awaiting: string;
    shipped: string;
    delivered: string;
    completed: string;
    realNumber: string;
    ended: string;
  };
  /** The live line of A's awaiting order, and who reached it. */
  line: { to: string; extension: string };
  stranger: string;
  pest: string;
  /** Contact-log ids on A's awaiting order: a caller A let through, one A blocked, a pickup notice. */
  contacts: { stranger: string; pest: string; pickup: string };
  /** A's parcel waiting at a station (the shipped order's), and its code. */
  parcel: { id: string; code: string };
  exportA: AccountExport;
  /** Everything of A's B must never see, but A's order ids (B sends those itself in these tests). */
  secrets: string[];
  /** B's own order and pickup code: each read shows them, so a page that shows nothing would not pass. */
  own: { orderId: string; orderNo: string; code: string };
};

let world: World;

async function place(page: Page, steps: ("Ship" | "Deliver" | "Complete")[] = []): Promise<string> {
  const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
  const order = new OrderPage(page);
  await order.goto(orderId);
  for (const step of steps) await order.step(step);
  return orderId;
}

async function exportOf(page: Page): Promise<AccountExport> {
  const response = await page.request.post("/api/account/export", { form: { password: "" } });
  expect(response.status()).toBe(200);
  return response.json();
}

function contactsOn(page: Page): Locator {
  return page.getByRole("list", { name: "Calls and messages" }).getByTestId("contact");
}

/** The contact-log id behind one entry (its block, unblock or pickup form's hidden field). */
async function contactId(entry: Locator): Promise<string> {
  return entry.locator('input[name="contactEventId"]').first().inputValue();
}

function expectNoneOf(text: string, secrets: string[], where: string) {
  expect(
    secrets.filter((secret) => text.includes(secret)),
    `${where} shows buyer A's data`,
  ).toEqual([]);
}

async function buildWorld(contextA: BrowserContext, contextB: BrowserContext, a: Buyer): Promise<World> {
  const pageA = await contextA.newPage();
  const realNumber = await new OrdersPage(pageA).placeTestOrder(/uses your real number/);
  await new PrivacyPage(pageA).turnOn();
  const awaiting = await place(pageA);
  const shipped = await place(pageA, ["Ship"]);
  const delivered = await place(pageA, ["Ship", "Deliver"]);
  const completed = await place(pageA, ["Ship", "Deliver", "Complete"]);
  // Two days left of fifteen: inside the extension window, so "Extend" is offered.
  await new OrderPage(pageA).moveCompletionBack(13);
  await expect(pageA.getByRole("button", { name: /^Extend \d+ days/ })).toBeVisible();
  const ended = await place(pageA);
  await new OrderPage(pageA).endNow();

  await new OrderPage(pageA).goto(awaiting);
  const line = await dialledLine(pageA.getByTestId("special-line"));
  const stranger = mobile("135");
  const pest = mobile("137");
  const code = shelfCode(5);
  expect((await relay(pageA.request, "call", { ...line, from: stranger })).action).toBe("forward");
  expect((await relay(pageA.request, "call", { ...line, from: pest })).action).toBe("forward");
  const notice = await relay(pageA.request, "message", { ...line, from: mobile("1069"), text: pickupNotice(code) });
  expect(notice).toMatchObject({ action: "forward", pickupCode: code });
  await pageA.reload();
  const pestEntry = contactsOn(pageA).filter({ hasText: masked(pest) });
  await pestEntry.getByRole("button", { name: "Block this caller" }).click();
  await pageA
    .getByRole("dialog", { name: "Block this caller?" })
    .getByRole("button", { name: "Block", exact: true })
    .click();
  await expect(pestEntry).toContainText("Blocked on this line");
  const contacts = {
    stranger: await contactId(contactsOn(pageA).filter({ hasText: masked(stranger) })),
    pest: await contactId(pestEntry),
    pickup: await contactId(contactsOn(pageA).filter({ hasText: code })),
  };

  await new OrderPage(pageA).goto(shipped);
  const shippedLine = await dialledLine(pageA.getByTestId("special-line"));
  const parcelCode = shelfCode(7);
  const parcelNotice = await relay(pageA.request, "message", {
    ...shippedLine,
    from: mobile("1069"),
    text: pickupNotice(parcelCode),
  });
  expect(parcelNotice).toMatchObject({ action: "forward", pickupCode: parcelCode });
  await pageA.goto("/pickup");
  const parcelCard = pageA.getByTestId("parcel-card").filter({ hasText: parcelCode });
  const parcelId = (await parcelCard.getAttribute("data-parcel-id")) ?? "";
  expect(parcelId).toMatch(/^[0-9a-f-]{36}$/);

  const pageB = await contextB.newPage();
  await new PrivacyPage(pageB).turnOn();
  const ownOrder = await place(pageB, ["Ship"]);
  const ownLine = await dialledLine(pageB.getByTestId("special-line"));
  const ownCode = shelfCode(6);
  const ownNotice = await relay(pageB.request, "message", {
    ...ownLine,
    from: mobile("1069"),
    text: pickupNotice(ownCode),
  });
  expect(ownNotice).toMatchObject({ action: "forward", pickupCode: ownCode });
  const ownExport = await exportOf(pageB);
  const ownOrderNo = ownExport.orders.find((order) => order.id === ownOrder)?.orderNo ?? "";

  const exportA = await exportOf(pageA);
  expect(exportA.orders).toHaveLength(6);
  const secrets = [
    a.email,
    a.name,
    ...exportA.orders.flatMap((order) => [
      order.orderNo,
      ...(order.trackingNumber ? [order.trackingNumber] : []),
      ...order.specialLines.flatMap((special) => [special.number, special.dial]),
      ...order.contactLog.flatMap((contact) => [contact.caller, ...(contact.pickupCode ? [contact.pickupCode] : [])]),
    ]),
  ];
  expect(secrets).toEqual(expect.arrayContaining([code, parcelCode, masked(stranger), masked(pest)]));
  await pageA.close();
  await pageB.close();
  return {
    contextA,
    contextB,
    orders: { awaiting, shipped, delivered, completed, realNumber, ended },
    line,
    stranger,
    pest,
    contacts,
    parcel: { id: parcelId, code: parcelCode },
    exportA,
    secrets,
    own: { orderId: ownOrder, orderNo: ownOrderNo, code: ownCode },
  };
}

/** What B sees of a page: status, visible text, title and the whole HTML (with its RSC payload). */
async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  return {
    status: response?.status(),
    text: (await page.locator("body").allInnerTexts()).join("\n"),
    title: await page.title(),
    html: await page.content(),
  };
}

type ReadRow = { read: string; check: (pageB: Page, w: World) => Promise<void> };

const READS: ReadRow[] = [
  {
    read: "GET /orders/<id> for each of A's orders: 404 and the same page as an id that does not exist",
    check: async (pageB, w) => {
      const own = await visit(pageB, `/orders/${w.own.orderId}`);
      expect(own.status).toBe(200);
      expect(own.text).toContain(w.own.orderNo);
      const missing = await visit(pageB, `/orders/${randomUUID()}`);
      expect(missing.status).toBe(404);
      await expect(pageB.getByRole("heading", { name: "Not found", level: 1 })).toBeVisible();
      expect(missing.text).toContain(NOT_FOUND);
      const malformed = await visit(pageB, "/orders/not-an-order");
      expect([malformed.status, malformed.text, malformed.title]).toEqual([404, missing.text, missing.title]);
      const merchants = w.exportA.orders.map((order) => order.merchant);
      for (const [state, orderId] of Object.entries(w.orders)) {
        const seen = await visit(pageB, `/orders/${orderId}`);
        expect([seen.status, seen.text, seen.title], `A's ${state} order`).toEqual([404, missing.text, missing.title]);
        expectNoneOf(seen.text, merchants, `A's ${state} order page`);
        const otherIds = Object.values(w.orders).filter((id) => id !== orderId);
        expectNoneOf(seen.html, [...w.secrets, ...otherIds], `A's ${state} order page`);
      }
    },
  },
  {
    read: "GET /orders/<id> as a client-side navigation (RSC payload): the not-found payload, nothing of A's",
    check: async (pageB, w) => {
      // Next answers an RSC fetch 200 and carries the 404 in the payload, the same for any missing id.
      const get = (orderId: string) => pageB.request.get(`/orders/${orderId}`, { headers: { RSC: "1" } });
      const missing = await get(randomUUID());
      expect(await missing.text()).toContain("NEXT_HTTP_ERROR_FALLBACK;404");
      const own = await (await get(w.own.orderId)).text();
      expect(own).toContain(w.own.orderNo);
      expect(own).not.toContain("NEXT_HTTP_ERROR_FALLBACK;404");
      for (const [state, orderId] of Object.entries(w.orders)) {
        const seen = await get(orderId);
        expect(seen.status(), `A's ${state} order`).toBe(missing.status());
        const text = await seen.text();
        expect(text).toContain("NEXT_HTTP_ERROR_FALLBACK;404");
        expectNoneOf(text, w.secrets, `A's ${state} order as RSC`);
      }
    },
  },
  {
    read: "GET /orders: B's list has B's order and none of A's",
    check: async (pageB, w) => {
      const seen = await visit(pageB, "/orders");
      expect(seen.html).toContain(w.own.orderNo);
      expectNoneOf(seen.html, [...w.secrets, ...Object.values(w.orders)], "B's orders");
    },
  },
  {
    read: "GET /orders?after=<a cursor on A's newest order>: still only B's orders",
    check: async (pageB, w) => {
      const newest = w.exportA.orders.at(-1) as AccountExport["orders"][number];
      const later = new Date(new Date(newest.placedAt).getTime() + 86_400_000).toISOString();
      const cursor = Buffer.from(`${later}|${newest.id}`).toString("base64url");
      const seen = await visit(pageB, `/orders?after=${cursor}`);
      expect(seen.status).toBe(200);
      expect(seen.html).toContain(w.own.orderNo);
      expectNoneOf(seen.html, [...w.secrets, ...Object.values(w.orders).filter((id) => id !== newest.id)], "the page");
    },
  },
  {
    read: "GET /pickup: B's parcel and its code, none of A's parcels, lines or codes",
    check: async (pageB, w) => {
      const seen = await visit(pageB, "/pickup");
      await expect(pageB.getByTestId("parcel-code")).toHaveText([w.own.code]);
      await expect(pageB.getByTestId("parcel-card")).toHaveCount(1);
      expect(seen.html).not.toContain(w.parcel.id);
      expectNoneOf(seen.html, [...w.secrets, ...Object.values(w.orders)], "B's pickup page");
    },
  },
  {
    read: "GET /privacy: B's activity history, none of A's (A's shows its ended line)",
    check: async (pageB, w) => {
      const endedNo = w.exportA.orders.find((order) => order.id === w.orders.ended)?.orderNo as string;
      expect(w.exportA.activity.map((entry) => entry.orderNo)).toContain(endedNo);
      const seen = await visit(pageB, "/privacy");
      await expect(new PrivacyPage(pageB).history().first()).toBeVisible();
      expectNoneOf(seen.html, [...w.secrets, ...Object.values(w.orders)], "B's activity history");
    },
  },
  {
    read: "GET /account: B's own details only",
    check: async (pageB, w) => {
      const seen = await visit(pageB, "/account");
      expect(seen.status).toBe(200);
      expectNoneOf(seen.html, [...w.secrets, ...Object.values(w.orders)], "B's account page");
    },
  },
  {
    read: "POST /api/account/export: B's download has B's order and nothing of A's",
    check: async (pageB, w) => {
      const response = await pageB.request.post("/api/account/export", { form: { password: "" } });
      expect(response.status()).toBe(200);
      const text = await response.text();
      expect(text).toContain(w.own.orderNo);
      expect(text).toContain(w.own.code);
      expectNoneOf(text, [...w.secrets, ...Object.values(w.orders)], "B's data download");
    },
  },
  {
    read: "GET /operator as a buyer: the same 404 as a page that does not exist",
    check: async (pageB) => {
      const missing = await visit(pageB, `/orders/${randomUUID()}`);
      const seen = await visit(pageB, "/operator");
      expect([seen.status, seen.text]).toEqual([404, missing.text]);
    },
  },
];

type WriteRow = {
  /** The export of app/(buyer)/actions.ts or tester-actions.ts. */
  action: string;
  /** Which of A's objects B aims at. */
  target: string;
  field: "orderId" | "contactEventId" | "parcelId";
  id: (w: World) => string;
  missing: string;
  /** As A, before anything is held: a first step that writes nothing (the paste's reading, which asks). */
  prepare?: (pageA: Page, w: World) => Promise<void>;
  /** As A: opens the page and presses the control that sends the action (held, never sent). */
  press: (pageA: Page, w: World) => Promise<void>;
  /** As A: the part of the page that must read the same before and after B's attempt. */
  view: (pageA: Page, w: World) => Promise<Locator>;
  /** As A (and the relay), after B's attempt: the object still behaves as before. */
  intact: (pageA: Page, w: World, request: APIRequestContext) => Promise<void>;
};

const parcelOf = (pageA: Page, w: World) => pageA.locator(`[data-parcel-id="${w.parcel.id}"]`);
const parcelView = async (pageA: Page, w: World) => {
  await pageA.goto("/pickup");
  return parcelOf(pageA, w);
};

const orderPage = (key: keyof World["orders"]) => async (pageA: Page, w: World) => {
  await new OrderPage(pageA).goto(w.orders[key]);
  return pageA.getByRole("main");
};

const tester = (key: keyof World["orders"], step: string) => async (pageA: Page, w: World) => {
  await new OrderPage(pageA).goto(w.orders[key]);
  await pageA.getByRole("region", { name: "Tester controls" }).getByRole("button", { name: step }).click();
};

const statusIs = (key: keyof World["orders"], status: string) => async (pageA: Page, w: World) => {
  await new OrderPage(pageA).goto(w.orders[key]);
  await expect(pageA.getByTestId("order-status")).toHaveText(status);
};

// Every action of app/(buyer)/actions.ts and tester-actions.ts that takes an order, contact or parcel id.
// The others act on the session's own account only and take no id: turnOnAction, turnOffAction,
// notifyAction, placeTestOrderAction (a merchant id), and deleteAccountAction in app/(buyer)/account/actions.ts.
const WRITES: WriteRow[] = [
  {
    action: "endLineAction",
    target: "A's awaiting order, live line",
    field: "orderId",
    id: (w) => w.orders.awaiting,
    missing: ORDER_MISSING,
    press: async (pageA, w) => {
      await new OrderPage(pageA).goto(w.orders.awaiting);
      await new OrderPage(pageA).lineCard.getByRole("button", { name: "End now" }).click();
      await pageA.getByRole("dialog").getByRole("button", { name: "End the line now" }).click();
    },
    view: orderPage("awaiting"),
    intact: async (pageA, w, request) => {
      await expect(new OrderPage(pageA).lineCard).toContainText("Active");
      await expect(new OrderPage(pageA).lineCard.getByRole("button", { name: "End now" })).toBeVisible();
      expect((await relay(request, "call", { ...w.line, from: mobile("138") })).action).toBe("forward");
    },
  },
  {
    action: "extendLineAction",
    target: "A's completed order, line in its last days",
    field: "orderId",
    id: (w) => w.orders.completed,
    missing: ORDER_MISSING,
    press: async (pageA, w) => {
      await new OrderPage(pageA).goto(w.orders.completed);
      await pageA.getByRole("button", { name: /^Extend \d+ days/ }).click();
    },
    view: orderPage("completed"),
    intact: async (pageA) => {
      await expect(pageA.getByRole("button", { name: /^Extend \d+ days/ })).toBeVisible();
    },
  },
  {
    action: "protectOrderAction",
    target: "A's open order on the real number",
    field: "orderId",
    id: (w) => w.orders.realNumber,
    missing: ORDER_MISSING,
    press: async (pageA, w) => {
      await new OrderPage(pageA).goto(w.orders.realNumber);
      await pageA.getByRole("button", { name: "Protect this order" }).click();
    },
    view: orderPage("realNumber"),
    intact: async (pageA) => {
      await expect(new OrderPage(pageA).lineCard).toContainText("Uses your real number");
      await expect(pageA.getByTestId("special-line")).toHaveCount(0);
    },
  },
  {
    action: "testerTransitionAction (ship)",
    target: "A's awaiting order",
    field: "orderId",
    id: (w) => w.orders.awaiting,
    missing: ORDER_MISSING,
    press: tester("awaiting", "Ship"),
    view: orderPage("awaiting"),
    intact: statusIs("awaiting", "Awaiting shipment"),
  },
  {
    action: "testerTransitionAction (deliver)",
    target: "A's shipped order",
    field: "orderId",
    id: (w) => w.orders.shipped,
    missing: ORDER_MISSING,
    press: tester("shipped", "Deliver"),
    view: orderPage("shipped"),
    intact: statusIs("shipped", "Shipped"),
  },
  {
    action: "testerTransitionAction (complete)",
    target: "A's delivered order",
    field: "orderId",
    id: (w) => w.orders.delivered,
    missing: ORDER_MISSING,
    press: tester("delivered", "Complete"),
    view: orderPage("delivered"),
    intact: statusIs("delivered", "Delivered"),
  },
  {
    action: "testerTransitionAction (cancel)",
    target: "A's awaiting order, live line",
    field: "orderId",
    id: (w) => w.orders.awaiting,
    missing: ORDER_MISSING,
    press: tester("awaiting", "Cancel"),
    view: orderPage("awaiting"),
    intact: async (pageA, w) => {
      await statusIs("awaiting", "Awaiting shipment")(pageA, w);
      await expect(new OrderPage(pageA).lineCard).toContainText("Active");
    },
  },
  {
    action: "testerTransitionAction (refund)",
    target: "A's completed order, live line",
    field: "orderId",
    id: (w) => w.orders.completed,
    missing: ORDER_MISSING,
    press: tester("completed", "Refund"),
    view: orderPage("completed"),
    intact: async (pageA, w) => {
      await statusIs("completed", "Completed")(pageA, w);
      await expect(new OrderPage(pageA).lineCard).toContainText("Active");
    },
  },
  {
    action: "moveCompletionBackAction",
    target: "A's completed order",
    field: "orderId",
    id: (w) => w.orders.completed,
    missing: ORDER_MISSING,
    press: async (pageA, w) => {
      await new OrderPage(pageA).goto(w.orders.completed);
      const controls = pageA.getByRole("region", { name: "Tester controls" });
      await controls.getByLabel("Days to move completion back").fill("30");
      await controls.getByRole("button", { name: "Move completion back" }).click();
    },
    view: orderPage("completed"),
    intact: async (pageA) => {
      await expect(new OrderPage(pageA).lineCard).toContainText("Active");
    },
  },
  {
    action: "blockCallerAction",
    target: "a caller A let through",
    field: "contactEventId",
    id: (w) => w.contacts.stranger,
    missing: CONTACT_MISSING,
    press: async (pageA, w) => {
      await new OrderPage(pageA).goto(w.orders.awaiting);
      await contactsOn(pageA)
        .filter({ hasText: masked(w.stranger) })
        .getByRole("button", { name: "Block this caller" })
        .click();
      await pageA
        .getByRole("dialog", { name: "Block this caller?" })
        .getByRole("button", { name: "Block", exact: true })
        .click();
    },
    view: async (pageA, w) => {
      await new OrderPage(pageA).goto(w.orders.awaiting);
      return contactsOn(pageA).filter({ hasText: masked(w.stranger) });
    },
    intact: async (pageA, w, request) => {
      expect((await relay(request, "call", { ...w.line, from: w.stranger })).action).toBe("forward");
      await pageA.reload();
      const blocked = contactsOn(pageA)
        .filter({ hasText: masked(w.stranger) })
        .filter({ hasText: "Blocked on this line" });
      await expect(blocked).toHaveCount(0);
    },
  },
  {
    action: "unblockCallerAction",
    target: "a caller A blocked",
    field: "contactEventId",
    id: (w) => w.contacts.pest,
    missing: CONTACT_MISSING,
    press: async (pageA, w) => {
      await new OrderPage(pageA).goto(w.orders.awaiting);
      await contactsOn(pageA)
        .filter({ hasText: masked(w.pest) })
        .getByRole("button", { name: "Unblock" })
        .click();
    },
    view: async (pageA, w) => {
      await new OrderPage(pageA).goto(w.orders.awaiting);
      return contactsOn(pageA).filter({ hasText: masked(w.pest) });
    },
    intact: async (_pageA, w, request) => {
      expect(await relay(request, "call", { ...w.line, from: w.pest })).toEqual({
        action: "reject",
        reason: "blocked",
      });
    },
  },
  {
    action: "markPickedUpAction",
    target: "A's parcel waiting at a station",
    field: "parcelId",
    id: (w) => w.parcel.id,
    missing: PARCEL_MISSING,
    press: async (pageA, w) => {
      await pageA.goto("/pickup");
      await parcelOf(pageA, w).getByRole("button", { name: "Mark as picked up" }).click();
    },
    view: parcelView,
    intact: async (pageA, w) => {
      await expect(parcelOf(pageA, w).getByRole("button", { name: "Mark as picked up" })).toBeVisible();
      await expect(parcelOf(pageA, w).getByTestId("parcel-code")).toHaveText([w.parcel.code]);
    },
  },
  {
    action: "pasteNoticeAction",
    target: "A's parcel, chosen for a pasted notice",
    field: "parcelId",
    id: (w) => w.parcel.id,
    missing: PARCEL_MISSING,
    prepare: async (pageA) => {
      await pageA.goto("/pickup");
      await pageA.getByLabel("Notice text").fill(pickupNotice("4-1-2210").replace("【菜鸟驿站】", ""));
      await pageA.getByRole("button", { name: "Read the notice" }).click();
      await expect(pageA.getByRole("group", { name: "Which parcel is this notice for?" })).toBeVisible();
    },
    press: async (pageA, w) => {
      await pageA.locator(`input[type="radio"][name="parcelId"][value="${w.parcel.id}"]`).check();
      await pageA.getByRole("button", { name: "Attach to this parcel" }).click();
    },
    view: parcelView,
    intact: async (pageA, w) => {
      await expect(parcelOf(pageA, w).getByTestId("parcel-code")).toHaveText([w.parcel.code]);
    },
  },
];

/**
 * B's replay and what the action returned: its `ActionState`, picked out of the RSC payload (which may
 * also carry the re-rendered page when the action revalidated).
 */
async function answerTo(pageB: Page, action: CapturedAction) {
  const response = await replayAction(pageB, action);
  const text = await response.text();
  const state = text.match(/\{"status":"(idle|success|error)","message":"((?:[^"\\]|\\.)*)"/);
  return { status: response.status(), text, result: state ? { status: state[1], message: state[2] } : null };
}

test.describe("IDOR: buyer B against buyer A's data", { tag: "@privacy" }, () => {
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(240_000);
    const a = await createBuyer(browser, "idor-a");
    const b = await createBuyer(browser, "idor-b");
    // No service worker: a request it answers is never seen by page.route, so A's action could not be held.
    const contextA = await browser.newContext({ storageState: a.storageState, serviceWorkers: "block" });
    const contextB = await browser.newContext({ storageState: b.storageState, serviceWorkers: "block" });
    world = await buildWorld(contextA, contextB, a);
  });

  test.afterEach(async () => {
    for (const page of [...world.contextA.pages(), ...world.contextB.pages()]) await page.close();
  });

  test.afterAll(async () => {
    await world?.contextA.close();
    await world?.contextB.close();
  });

  for (const row of READS) {
    test(`read: ${row.read}`, async () => {
      await row.check(await world.contextB.newPage(), world);
    });
  }

  for (const row of WRITES) {
    test(`write: ${row.action} on ${row.target} → "${row.missing}", A unchanged`, async ({ request }) => {
      const id = row.id(world);
      const pageA = await world.contextA.newPage();
      await row.prepare?.(pageA, world);
      const held = await holdAction(pageA, () => row.press(pageA, world));
      expect(fieldValue(held, row.field)).toBe(id);

      const viewA = await world.contextA.newPage();
      const before = await (await row.view(viewA, world)).allInnerTexts();

      const pageB = await world.contextB.newPage();
      const theirs = await answerTo(pageB, held);
      expect(theirs.status).toBe(200);
      expect(theirs.result).toEqual({ status: "error", message: row.missing });
      expectNoneOf(theirs.text, world.secrets, "the action's answer");
      // The same answer as for an id nobody has: B cannot tell that A's exists.
      const unknown = row.field === "contactEventId" ? String(2 ** 31 - 1 - randomInt(1000)) : randomUUID();
      const nobodys = await answerTo(pageB, withField(held, row.field, unknown));
      expect([nobodys.status, nobodys.result]).toEqual([theirs.status, theirs.result]);

      expect(await (await row.view(viewA, world)).allInnerTexts()).toEqual(before);
      await row.intact(viewA, world, request);
    });
  }
});
