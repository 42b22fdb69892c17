import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { orders, parcels, reminders } from "@/lib/db/schema";
import { aroundTransactions, drivers } from "@/lib/testing/db";
import { pgCode } from "@/lib/testing/protection";
import { makeProtectedBuyer, type PlacedLine, placeProtectedOrder, seedRelayWorld } from "@/lib/testing/relay";
import { blockCaller } from "./contacts";
import { endLineEarly } from "./end-line";
import { transitionOrder } from "./orders";
import {
  applyNoticeToOrderIn,
  cleanPastedText,
  listParcelsForOrder,
  listPickupParcels,
  MAX_PASTE_CHARS,
  markParcelPickedUp,
  parcelStatesFor,
  pasteNotice,
  trackingTail,
} from "./parcels";
import { recordMessage } from "./relay";

const T0 = new Date("2030-03-01T08:00:00Z");
const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const STATION = "10690000888";

describe.each(drivers())("parcels on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let merchantId: number;
  let buyer: { id: string; phone: string };
  let line: PlacedLine;

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
    ({ merchantId } = await seedRelayWorld(db, { size: 200 }));
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    buyer = await makeProtectedBuyer(db);
    line = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: T0 });
  });

  const ship = (orderId: string, now = at(HOUR)) =>
    transitionOrder(db, { buyerId: buyer.id, orderId, transition: "ship", now });
  const notice = (text: string, now: Date, target: PlacedLine = line, sender = STATION) =>
    recordMessage(db, { host: target.host, extension: target.extension, sender, text, now });
  const rowsOf = (orderId: string) => db.select().from(parcels).where(eq(parcels.orderId, orderId));
  const pickup = (now = at(10 * HOUR)) => listPickupParcels(db, { buyerId: buyer.id, now });

  it("ships an order as one parcel on the way, with the last four printed on its waybill", async () => {
    expect((await pickup()).onTheWay).toEqual([]);
    await ship(line.orderId);
    const [row] = await rowsOf(line.orderId);
    expect(row).toMatchObject({ state: "on_the_way", waybillLastFour: line.extension, bindingId: line.bindingId });
    const { ready, onTheWay } = await pickup();
    expect(ready).toEqual([]);
    expect(onTheWay).toHaveLength(1);
    expect(onTheWay[0]).toMatchObject({
      orderId: line.orderId,
      waybillLastFour: line.extension,
      waybillLine: "live",
      trackingTail: trackingTail(row.trackingNumber),
      codes: [],
    });
    expect(onTheWay[0].trackingTail).toMatch(/^\d{4}$/);
  });

  it("ships an order whose line had ended with the buyer's own last four: the label carries the real number then", async () => {
    await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: at(HOUR / 2) });
    await ship(line.orderId);
    const [row] = await rowsOf(line.orderId);
    expect(row).toMatchObject({ state: "on_the_way", waybillLastFour: buyer.phone.slice(-4), bindingId: null });
    expect((await pickup()).onTheWay[0]).toMatchObject({
      waybillLastFour: buyer.phone.slice(-4),
      waybillLine: "real_number",
    });
  });

  it("lists no order awaiting shipment and nothing cancelled", async () => {
    const other = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: T0 });
    await ship(other.orderId);
    await transitionOrder(db, { buyerId: buyer.id, orderId: other.orderId, transition: "cancel", now: at(2 * HOUR) });
    expect(await pickup()).toEqual({ ready: [], onTheWay: [] });
  });

  it("moves a parcel to the station on a notice, and a later notice updates it instead of adding one", async () => {
    await ship(line.orderId);
    const first = await notice("【菜鸟驿站】您的包裹已到，取件码 5-2-1234，请及时取件。", at(2 * HOUR));
    expect(first.action).toBe("forward");
    expect(first.parcelId).toBeTruthy();
    await notice("【菜鸟驿站】提醒：取件码 5-2-1234、12-3-4567 的包裹仍未取。", at(3 * HOUR));
    const rows = await rowsOf(line.orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "at_station", station: "菜鸟驿站", codes: ["5-2-1234", "12-3-4567"] });
    expect(rows[0].arrivedAt).toEqual(at(2 * HOUR));
    const { ready, onTheWay } = await pickup();
    expect(onTheWay).toEqual([]);
    expect(ready.map((parcel) => parcel.codes)).toEqual([["5-2-1234", "12-3-4567"]]);
  });

  it("keeps a parcel whose line ended on Pickup, with the last four its label still carries", async () => {
    await ship(line.orderId);
    await transitionOrder(db, { buyerId: buyer.id, orderId: line.orderId, transition: "deliver", now: at(2 * HOUR) });
    await notice("【丰巢】取件码 88412736，请尽快取件。", at(3 * HOUR));
    expect(await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: at(4 * HOUR) })).toMatchObject({
      ok: true,
    });
    const { ready } = await pickup();
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ waybillLine: "ended", waybillLastFour: line.extension, codes: ["88412736"] });
  });

  it("does not move a parcel on a notice the relay rejected (ended line, blocked sender)", async () => {
    await ship(line.orderId);
    const welcome = await notice("您好，包裹在路上。", at(2 * HOUR));
    expect(
      await blockCaller(db, { buyerId: buyer.id, contactEventId: welcome.contactEventId ?? 0, now: at(2 * HOUR) }),
    ).toMatchObject({ ok: true });
    const blocked = await notice("【菜鸟驿站】取件码 5-2-1234", at(3 * HOUR));
    expect(blocked).toMatchObject({ action: "reject", reason: "blocked", parcelId: null });
    expect((await rowsOf(line.orderId))[0].state).toBe("on_the_way");
  });

  it("tells the orders list the state of each order's parcel, for the buyer's own orders only", async () => {
    await ship(line.orderId);
    const unshipped = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: T0 });
    const stranger = await makeProtectedBuyer(db);
    const theirs = await placeProtectedOrder(db, { buyerId: stranger.id, merchantId, now: T0 });
    await transitionOrder(db, { buyerId: stranger.id, orderId: theirs.orderId, transition: "ship", now: at(HOUR) });
    const orderIds = [line.orderId, unshipped.orderId, theirs.orderId];
    expect(await parcelStatesFor(db, { buyerId: buyer.id, orderIds })).toEqual(new Map([[line.orderId, "on_the_way"]]));
    await notice("【菜鸟驿站】取件码 5-2-1234", at(2 * HOUR));
    expect(await parcelStatesFor(db, { buyerId: buyer.id, orderIds })).toEqual(new Map([[line.orderId, "at_station"]]));
    expect(await parcelStatesFor(db, { buyerId: buyer.id, orderIds: [unshipped.orderId] })).toEqual(new Map());
    expect(await parcelStatesFor(db, { buyerId: buyer.id, orderIds: [] })).toEqual(new Map());
  });

  it("lists an order's parcels for its buyer only, and none for an order id that is no UUID", async () => {
    await ship(line.orderId);
    const another = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: T0 });
    await ship(another.orderId);
    const [row] = await rowsOf(line.orderId);
    const now = at(2 * HOUR);
    expect((await listParcelsForOrder(db, { buyerId: buyer.id, orderId: line.orderId, now })).map((p) => p.id)).toEqual(
      [row.id],
    );
    expect(await listParcelsForOrder(db, { buyerId: buyer.id, orderId: line.orderId.toUpperCase(), now })).toHaveLength(
      1,
    );
    const stranger = await makeProtectedBuyer(db);
    expect(await listParcelsForOrder(db, { buyerId: stranger.id, orderId: line.orderId, now })).toEqual([]);
    for (const orderId of [`${line.orderId}0`, line.orderId.slice(1), "x".repeat(36), ""]) {
      expect(await listParcelsForOrder(db, { buyerId: buyer.id, orderId, now }), orderId).toEqual([]);
    }
  });

  it("lands a notice on the open parcel whose tracking tail it names, else on the newest", async () => {
    await ship(line.orderId);
    const [first] = await rowsOf(line.orderId);
    // A split shipment: the schema lets one order have several tracking numbers.
    const [second] = await db
      .insert(parcels)
      .values({
        orderId: line.orderId,
        buyerId: buyer.id,
        trackingNumber: `YT${first.trackingNumber.slice(2, -4)}9931`,
        waybillLastFour: first.waybillLastFour,
        bindingId: first.bindingId,
        shippedAt: at(2 * HOUR),
        updatedAt: at(2 * HOUR),
      })
      .returning();
    const tail = trackingTail(first.trackingNumber);
    expect(tail).not.toBe("9931");
    const named = await notice(`【圆通快递】请凭31-5-4121到青禾村24排4号取运单尾号${tail}包裹`, at(3 * HOUR));
    expect(named.parcelId).toBe(first.id);
    const unnamed = await notice("【菜鸟驿站】取件码 5-2-1234", at(4 * HOUR));
    expect(unnamed.parcelId).toBe(second.id);
    const elsewhere = await notice("【圆通快递】请凭7-7-7777到青禾村取运单尾号0000包裹", at(5 * HOUR));
    expect(elsewhere.parcelId).toBe(second.id);
    const codes = Object.fromEntries((await rowsOf(line.orderId)).map((row) => [row.id, row.codes]));
    expect(codes).toEqual({ [first.id]: ["31-5-4121"], [second.id]: ["5-2-1234", "7-7-7777"] });
  });

  it("reminds of each new set of codes once, with the codes and the station the notice gave", async () => {
    await ship(line.orderId);
    const codeReminders = async () =>
      (await db.select().from(reminders).where(eq(reminders.buyerId, buyer.id)))
        .filter((row) => row.kind === "code_arrived")
        .map((row) => row.params);
    const item = (await db.select({ item: orders.item }).from(orders).where(eq(orders.id, line.orderId)))[0].item;
    await notice("【菜鸟驿站】您的包裹已到站，取件码 5-2-1107、5-2-1108", at(2 * HOUR));
    await notice("【菜鸟驿站】您的包裹已到站，取件码 5-2-1107、5-2-1108", at(3 * HOUR));
    expect(await codeReminders()).toEqual([{ codes: "5-2-1107, 5-2-1108", station: "菜鸟驿站", item }]);
    // A different set is a new reminder, even one whose code reads like the first two run together.
    await notice("【菜鸟驿站】您的包裹已到站，取件码 5-2-11075-2-1108", at(4 * HOUR));
    expect(await codeReminders()).toHaveLength(2);
  });

  it("reminds of a code from a notice that names no station, with no station", async () => {
    await ship(line.orderId);
    await notice("凭取件码 8841 取件", at(2 * HOUR));
    const [reminder] = await db.select().from(reminders).where(eq(reminders.buyerId, buyer.id));
    expect(reminder).toMatchObject({ kind: "code_arrived", params: { codes: "8841", station: "" } });
    expect((await rowsOf(line.orderId))[0]).toMatchObject({ state: "at_station", station: null, codes: ["8841"] });
  });

  it("closes a parcel on a 'collected' notice, and a later code does not reopen it", async () => {
    await ship(line.orderId);
    await notice("【菜鸟驿站】取件码 5-2-1234", at(2 * HOUR));
    const collected = {
      kind: "collected" as const,
      codes: [],
      station: "菜鸟驿站",
      deadline: null,
      trackingTail: null,
      phoneTail: null,
    };
    const closed = await db.transaction((tx) =>
      applyNoticeToOrderIn(tx, { orderId: line.orderId, notice: collected, now: at(3 * HOUR) }),
    );
    expect(closed).toBeTruthy();
    // Collected twice: the second notice finds nothing open and says so.
    const again = await db.transaction((tx) =>
      applyNoticeToOrderIn(tx, { orderId: line.orderId, notice: collected, now: at(3 * HOUR + 1) }),
    );
    expect(again).toBeNull();
    expect((await rowsOf(line.orderId))[0]).toMatchObject({ state: "picked_up", pickedUpAt: at(3 * HOUR) });
    await notice("【菜鸟驿站】取件码 9-9-9999", at(4 * HOUR));
    expect((await rowsOf(line.orderId))[0]).toMatchObject({ state: "picked_up", codes: ["5-2-1234"] });
    expect(await pickup()).toEqual({ ready: [], onTheWay: [] });
  });

  it("marks a parcel picked up for its buyer only, keeping the first time", async () => {
    await ship(line.orderId);
    const [row] = await rowsOf(line.orderId);
    const stranger = await makeProtectedBuyer(db);
    expect(await markParcelPickedUp(db, { buyerId: stranger.id, parcelId: row.id, now: at(2 * HOUR) })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect((await rowsOf(line.orderId))[0].state).toBe("on_the_way");
    expect(await markParcelPickedUp(db, { buyerId: buyer.id, parcelId: row.id, now: at(2 * HOUR) })).toEqual({
      ok: true,
      pickedUpAt: at(2 * HOUR),
    });
    expect(await markParcelPickedUp(db, { buyerId: buyer.id, parcelId: row.id, now: at(5 * HOUR) })).toEqual({
      ok: true,
      pickedUpAt: at(2 * HOUR),
    });
    expect(await markParcelPickedUp(db, { buyerId: buyer.id, parcelId: "not-a-uuid", now: at(5 * HOUR) })).toEqual({
      ok: false,
      reason: "not_found",
    });
    // A UUID with something before or after it is no id either: it must not reach the database as one.
    for (const parcelId of [`x${row.id}`, `${row.id}0`]) {
      expect(await markParcelPickedUp(db, { buyerId: buyer.id, parcelId, now: at(5 * HOUR) }), parcelId).toEqual({
        ok: false,
        reason: "not_found",
      });
    }
    expect(await pickup()).toEqual({ ready: [], onTheWay: [] });
  });

  it("refuses a parcel state outside the list, and a picked-up parcel without its time", async () => {
    await ship(line.orderId);
    const [row] = await rowsOf(line.orderId);
    const fail = async (set: Partial<typeof parcels.$inferInsert>) => {
      try {
        await db.update(parcels).set(set).where(eq(parcels.id, row.id));
        return "ok";
      } catch (error) {
        return pgCode(error);
      }
    };
    expect(await fail({ state: "lost" as never })).toBe("23514");
    expect(await fail({ state: "picked_up" })).toBe("23514");
  });

  describe("a pasted notice", () => {
    let second: PlacedLine;
    beforeEach(async () => {
      second = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: T0 });
      await ship(line.orderId);
      await ship(second.orderId);
    });

    it("with no code writes nothing and says so", async () => {
      const before = await db.select().from(parcels);
      expect(
        await pasteNotice(db, { buyerId: buyer.id, text: "您的验证码是 482913，5分钟内有效。", now: at(2 * HOUR) }),
      ).toEqual({
        ok: false,
        reason: "no_code",
      });
      expect(await db.select().from(parcels)).toEqual(before);
    });

    it("that fits several parcels asks, and lands where the buyer chose", async () => {
      const text = "取件码 4-1-2210，请到驿站取件";
      const asked = await pasteNotice(db, { buyerId: buyer.id, text, now: at(2 * HOUR) });
      expect(asked.ok).toBe(false);
      if (asked.ok || asked.reason !== "ambiguous") throw new Error("expected a choice");
      expect(asked.candidates.map((parcel) => parcel.id).sort()).toEqual(
        (await db.select({ id: parcels.id }).from(parcels).where(eq(parcels.buyerId, buyer.id)))
          .map((parcel) => parcel.id)
          .sort(),
      );
      expect((await pickup()).ready).toEqual([]);
      const [chosen] = await rowsOf(second.orderId);
      expect(await pasteNotice(db, { buyerId: buyer.id, text, parcelId: chosen.id, now: at(2 * HOUR) })).toMatchObject({
        ok: true,
        parcelId: chosen.id,
        codes: ["4-1-2210"],
      });
      expect((await rowsOf(second.orderId))[0]).toMatchObject({ state: "at_station", codes: ["4-1-2210"] });
      expect((await rowsOf(line.orderId))[0].state).toBe("on_the_way");
    });

    it("lands on the parcel at the station it names", async () => {
      await notice("【兔喜生活】取件码 3-1-0617", at(2 * HOUR), second);
      const result = await pasteNotice(db, {
        buyerId: buyer.id,
        text: "【兔喜生活】您还有包裹未取，取件码 3-1-0618",
        now: at(3 * HOUR),
      });
      expect(result).toMatchObject({ ok: true, codes: ["3-1-0618"] });
      expect((await rowsOf(second.orderId))[0].codes).toEqual(["3-1-0617", "3-1-0618"]);
      expect((await rowsOf(line.orderId))[0].codes).toEqual([]);
    });

    it.each([
      ["a code", "取件码 4-1-2210"],
      ["a 'collected' notice", "【菜鸟驿站】您的包裹已取件，感谢使用"],
    ])(
      "with %s, for a parcel marked picked up between the paste's read and its write, lands nowhere and reminds of nothing",
      async (_kind, text) => {
        const [chosen] = await rowsOf(second.orderId);
        // Another tab marks the parcel picked up just before this paste writes: the paste read it as still open.
        const racing = aroundTransactions(db, async (run) => {
          await markParcelPickedUp(db, { buyerId: buyer.id, parcelId: chosen.id, now: at(2 * HOUR) });
          return db.transaction(run);
        });
        const before = await db.select().from(reminders);
        expect(
          await pasteNotice(racing, {
            buyerId: buyer.id,
            text,
            parcelId: chosen.id,
            now: at(2 * HOUR),
          }),
        ).toEqual({ ok: false, reason: "not_found" });
        expect((await rowsOf(second.orderId))[0]).toMatchObject({ state: "picked_up", codes: [] });
        expect(await db.select().from(reminders)).toEqual(before);
      },
    );

    it("reads only the first 2,000 characters", async () => {
      const text = `${"包裹".repeat(MAX_PASTE_CHARS / 2)}取件码 4-1-2210`;
      expect(await pasteNotice(db, { buyerId: buyer.id, text, now: at(2 * HOUR) })).toEqual({
        ok: false,
        reason: "no_code",
      });
    });

    it("asks even with one parcel open when nothing in the notice points to it", async () => {
      const [theirs] = await rowsOf(second.orderId);
      await markParcelPickedUp(db, { buyerId: buyer.id, parcelId: theirs.id, now: at(HOUR) });
      const asked = await pasteNotice(db, { buyerId: buyer.id, text: "取件码 4-1-2210", now: at(2 * HOUR) });
      expect(asked).toMatchObject({ ok: false, reason: "ambiguous" });
      if (asked.ok || asked.reason !== "ambiguous") throw new Error("expected a choice");
      expect(asked.candidates.map((parcel) => parcel.id)).toEqual([(await rowsOf(line.orderId))[0].id]);
      expect((await rowsOf(line.orderId))[0]).toMatchObject({ state: "on_the_way", codes: [] });
    });

    it("still asks when the station it names fits two parcels", async () => {
      await notice("【幸福里驿站】取件码 1-1-1001", at(2 * HOUR));
      await notice("【幸福里驿站】取件码 1-1-1002", at(2 * HOUR), second);
      const asked = await pasteNotice(db, {
        buyerId: buyer.id,
        text: "【幸福里驿站】取件码 1-1-1003",
        now: at(3 * HOUR),
      });
      expect(asked).toMatchObject({ ok: false, reason: "ambiguous" });
      if (asked.ok || asked.reason !== "ambiguous") throw new Error("expected a choice");
      expect(asked.candidates).toHaveLength(2);
    });

    it("matches a station whatever its case and spaces, or by a longer or shorter name", async () => {
      await notice("【幸福里驿站】取件码 1-1-1001", at(2 * HOUR));
      await notice("【Main St Locker】Pickup code: 482913", at(2 * HOUR), second);
      const [mine] = await rowsOf(line.orderId);
      const [theirs] = await rowsOf(second.orderId);
      const paste = (text: string) => pasteNotice(db, { buyerId: buyer.id, text, now: at(3 * HOUR) });
      expect(await paste("【东门幸福里驿站】取件码 1-1-1002")).toMatchObject({ ok: true, parcelId: mine.id });
      expect(await paste("【幸福里】取件码 1-1-1003")).toMatchObject({ ok: true, parcelId: mine.id });
      expect(await paste("【MAINST LOCKER】Pickup code: 482914")).toMatchObject({ ok: true, parcelId: theirs.id });
      expect((await rowsOf(line.orderId))[0].codes).toEqual(["1-1-1001", "1-1-1002", "1-1-1003"]);
      expect((await rowsOf(second.orderId))[0].codes).toEqual(["482913", "482914"]);
    });

    it("lets a tracking tail no parcel has narrow nothing, and the station still decides", async () => {
      await notice("【幸福里驿站】取件码 1-1-1001", at(2 * HOUR));
      await notice("【兔喜生活】取件码 3-1-0617", at(2 * HOUR), second);
      const tails = (await db.select().from(parcels).where(eq(parcels.buyerId, buyer.id))).map((row) =>
        trackingTail(row.trackingNumber),
      );
      const unknownTail = ["0000", "1111"].find((tail) => !tails.includes(tail));
      const result = await pasteNotice(db, {
        buyerId: buyer.id,
        text: `【幸福里驿站】取件码 1-1-1002，运单尾号 ${unknownTail}`,
        now: at(3 * HOUR),
      });
      expect(result).toMatchObject({ ok: true, parcelId: (await rowsOf(line.orderId))[0].id, codes: ["1-1-1002"] });
    });

    it("says whether it closed the parcel or gave it a code", async () => {
      const [chosen] = await rowsOf(second.orderId);
      const paste = (text: string, now: Date) => pasteNotice(db, { buyerId: buyer.id, text, parcelId: chosen.id, now });
      expect(await paste("取件码 4-1-2210", at(2 * HOUR))).toMatchObject({
        ok: true,
        codes: ["4-1-2210"],
        collected: false,
      });
      expect(await paste("【菜鸟驿站】您的包裹已取件，感谢使用", at(3 * HOUR))).toMatchObject({
        ok: true,
        parcelId: chosen.id,
        collected: true,
      });
      expect((await rowsOf(second.orderId))[0]).toMatchObject({ state: "picked_up", pickedUpAt: at(3 * HOUR) });
    });

    it("never lands on another buyer's parcel", async () => {
      const stranger = await makeProtectedBuyer(db);
      const [theirs] = await rowsOf(line.orderId);
      expect(
        await pasteNotice(db, {
          buyerId: stranger.id,
          text: "取件码 4-1-2210",
          parcelId: theirs.id,
          now: at(2 * HOUR),
        }),
      ).toEqual({ ok: false, reason: "not_found" });
      expect(await pasteNotice(db, { buyerId: stranger.id, text: "取件码 4-1-2210", now: at(2 * HOUR) })).toEqual({
        ok: false,
        reason: "no_parcel",
      });
      expect((await rowsOf(line.orderId))[0]).toMatchObject({ state: "on_the_way", codes: [] });
    });
  });

  it("cleans pasted text of control and format characters, keeping line breaks and tabs", () => {
    expect(cleanPastedText(" 取件码\u0000 5-2-1234\u200b\r\n驿站\u202e ")).toBe("取件码 5-2-1234\n驿站");
    // An old Mac line break is a line break too, and a tab between columns stays.
    expect(cleanPastedText("取件码\r5-2-1234\t驿站")).toBe("取件码\n5-2-1234\t驿站");
  });
});
