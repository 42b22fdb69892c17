import { connect } from "node:net";
import { expect, test } from "./fixtures";
import { OrderPage } from "./pages/order";
import { OrdersPage } from "./pages/orders";
import { PrivacyPage } from "./pages/privacy";
import { dialledLine, relay } from "./relay";

const MERCHANT_PHONE = "13900001111";
const STRANGER = "13511112222";

test.describe("the relay, as the buyer sees it", { tag: "@relay" }, () => {
  test("a signed call to a live line is forwarded and appears in the contact log, masked", async ({
    newBuyer,
    pageAs,
    request,
  }) => {
    const page = await pageAs(await newBuyer("relay-call"));
    await new PrivacyPage(page).turnOn();
    const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
    const order = new OrderPage(page);
    await order.goto(orderId);
    const line = await dialledLine(page.getByTestId("special-line"));

    const answer = await relay(request, "call", { ...line, from: MERCHANT_PHONE });
    expect(answer.action).toBe("forward");
    expect(answer.whisper).toContain("Blue Whale Electronics");

    await page.reload();
    const contacts = page.getByRole("list", { name: "Calls and messages" }).getByTestId("contact");
    await expect(contacts).toHaveCount(1);
    await expect(contacts.first()).toContainText("Call · Merchant");
    await expect(contacts.first()).toContainText("139****1111");
    await expect(contacts.first()).not.toContainText(MERCHANT_PHONE);
    await expect(contacts.first().getByTestId("contact-outcome")).toHaveText("Forwarded to you");
  });

  test("a pickup notice's code lands on its parcel on the Pickup screen, which can be marked picked up", {
    tag: "@pickup",
  }, async ({ newBuyer, pageAs, request }) => {
    const page = await pageAs(await newBuyer("relay-pickup"));
    await new PrivacyPage(page).turnOn();
    const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
    const order = new OrderPage(page);
    await order.goto(orderId);
    await order.step("Ship");
    const line = await dialledLine(page.getByTestId("special-line"));

    const answer = await relay(request, "message", {
      ...line,
      from: "10690000123",
      text: "【菜鸟驿站】您的包裹已到文三路店，请凭取件码 5-2-1234 取件",
    });
    expect(answer).toMatchObject({ action: "forward", pickupCode: "5-2-1234" });

    await page.goto("/pickup");
    const ready = page.getByRole("region", { name: /Ready to pick up/ });
    const parcel = ready.getByTestId("parcel-card");
    await expect(parcel).toHaveCount(1);
    await expect(parcel.getByTestId("parcel-code")).toHaveText(["5-2-1234"]);
    await expect(parcel).toContainText("菜鸟驿站");
    await expect(parcel.getByTestId("parcel-last-four")).toHaveText(line.extension);
    await parcel.getByRole("button", { name: "Mark as picked up" }).click();
    // Picked up, it leaves Pickup at once, and stays gone.
    await expect(page.getByTestId("parcel-card")).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId("parcel-card")).toHaveCount(0);
  });

  test("after blocking a caller, their next call is rejected and shown as blocked", async ({
    newBuyer,
    pageAs,
    request,
  }) => {
    const page = await pageAs(await newBuyer("relay-block"));
    await new PrivacyPage(page).turnOn();
    const orderId = await new OrdersPage(page).placeTestOrder(/with a special line/);
    const order = new OrderPage(page);
    await order.goto(orderId);
    const line = await dialledLine(page.getByTestId("special-line"));

    expect((await relay(request, "call", { ...line, from: STRANGER })).action).toBe("forward");
    await page.reload();
    const contacts = page.getByRole("list", { name: "Calls and messages" }).getByTestId("contact");
    await contacts.first().getByRole("button", { name: "Block this caller" }).click();
    const confirm = page.getByRole("dialog", { name: "Block this caller?" });
    await expect(confirm).toContainText("will be rejected");
    await expect(confirm).not.toContainText("parcel station");
    await confirm.getByRole("button", { name: "Block", exact: true }).click();
    await expect(contacts.first()).toContainText("Blocked on this line");

    expect(await relay(request, "call", { ...line, from: STRANGER })).toEqual({ action: "reject", reason: "blocked" });
    expect((await relay(request, "call", { ...line, from: MERCHANT_PHONE })).action).toBe("forward");

    await page.reload();
    await expect(contacts).toHaveCount(3);
    await expect(contacts.nth(1).getByTestId("contact-outcome")).toHaveText("Rejected: blocked by you");
    await expect(contacts.nth(1)).toContainText("Unknown caller");
    await expect(contacts.nth(1)).toContainText("Blocked on this line");
  });
});

/** Writes a raw HTTP request (so Content-Length may lie) and waits for the status line, or gives up. */
function rawPost(
  baseURL: string,
  { declared, chunks, gapMs = 0 }: { declared: number | null; chunks: string[]; gapMs?: number },
): Promise<{ status: number | null; ms: number }> {
  const { hostname, port } = new URL(baseURL);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    const done = (status: number | null) => {
      socket.destroy();
      resolve({ status, ms: Date.now() - started });
    };
    const giveUp = setTimeout(() => done(null), 20_000);
    socket.on("data", (data) => {
      answer += data.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (match) {
        clearTimeout(giveUp);
        done(Number(match[1]));
      }
    });
    socket.on("error", () => {});
    socket.on("connect", async () => {
      const length = declared === null ? "Transfer-Encoding: chunked" : `Content-Length: ${declared}`;
      socket.write(
        `POST /api/relay/call HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`,
      );
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(declared === null ? `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n` : chunk);
        if (gapMs) await new Promise((wait) => setTimeout(wait, gapMs));
      }
    });
  });
}

test.describe("the relay's body limits, over real HTTP", () => {
  test("a declared Content-Length over 16 KB is refused at once; a short or trickled body gets 408 within seconds", async ({
    baseURL,
  }) => {
    const origin = baseURL as string;
    const [declaredTooLong, short, trickled, streamedTooLong] = await Promise.all([
      rawPost(origin, { declared: 20_000, chunks: ["{}"] }),
      rawPost(origin, { declared: 100, chunks: ["{}"] }),
      rawPost(origin, { declared: 200, chunks: Array.from({ length: 200 }, () => "x"), gapMs: 500 }),
      rawPost(origin, { declared: null, chunks: Array.from({ length: 20 }, () => "7".repeat(1024)) }),
    ]);
    expect(declaredTooLong.status).toBe(413);
    expect(declaredTooLong.ms).toBeLessThan(2_000);
    expect(streamedTooLong.status).toBe(413);
    // RELAY_BODY_TIMEOUT_MS, 5 s by default.
    for (const slow of [short, trickled]) {
      expect(slow.status).toBe(408);
      expect(slow.ms).toBeLessThan(10_000);
    }
  });
});
