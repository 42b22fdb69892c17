import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activityEvents, bindings, hostNumbers, protectionSettings, slots, users } from "@/lib/db/schema";
import { DAY_MS, settings } from "@/lib/settings";
import { drivers } from "@/lib/testing/db";
import { addPool, makeBuyer, rows, SAMPLE_ORDER } from "@/lib/testing/protection";
import { useProtectionDb } from "@/lib/testing/suite";
import { endLineEarly } from "./end-line";
import { placeOrder, protectOrder, transitionOrder } from "./orders";
import { listPickupParcels } from "./parcels";
import { getOrderForBuyer } from "./queries";
import { endsIn, lastFour, lastFourSql } from "./rules";
import { getProtectionStatus, setOwnLastFour, turnProtectionOn } from "./setting";

const T0 = new Date("2025-03-01T00:00:00.000Z");
const day = (n: number) => new Date(T0.getTime() + n * DAY_MS);
const TAIL = "0042";

describe.each(drivers())("lines ending in the buyer's own last four, on $name", ({ open }) => {
  const suite = useProtectionDb(open);

  /** A buyer whose mobile ends in `tail`, protection on, and the choice as given. */
  async function buyer({ tail = TAIL, own = true }: { tail?: string; own?: boolean } = {}) {
    const made = await makeBuyer(suite.db, { list: "allow", lastFour: tail });
    await turnProtectionOn(suite.db, { buyerId: made.id, now: T0 });
    if (own)
      expect(await setOwnLastFour(suite.db, { buyerId: made.id, on: true, now: T0 })).toEqual({
        ok: true,
        changed: true,
      });
    return made;
  }

  const place = (buyerId: string, now = T0) =>
    placeOrder(suite.db, { ...SAMPLE_ORDER, buyerId, merchantId: suite.merchantId, now });

  async function lineOf(orderId: string) {
    const [line] = await suite.db
      .select({ extension: slots.extension, host: hostNumbers.number, ownDigits: bindings.ownDigits })
      .from(bindings)
      .innerJoin(slots, eq(slots.id, bindings.slotId))
      .innerJoin(hostNumbers, eq(hostNumbers.id, slots.hostId))
      .where(eq(bindings.orderId, orderId));
    return line;
  }

  it("gives a buyer who asked the free slot ending in their last four, on each host in turn, then says it could not", async () => {
    await addPool(suite.db, { host: "17000000001", size: 100 });
    await addPool(suite.db, { host: "17000000002", size: 100 });
    const lines = [];
    for (let i = 0; i < 3; i += 1) {
      const b = await buyer();
      const placed = await place(b.id);
      expect(placed.protection).toBe("protected");
      lines.push({ buyerId: b.id, orderId: placed.orderId, line: await lineOf(placed.orderId) });
    }
    expect(lines.slice(0, 2).map(({ line }) => [line.extension, line.ownDigits])).toEqual([
      [TAIL, "met"],
      [TAIL, "met"],
    ]);
    expect(new Set(lines.slice(0, 2).map(({ line }) => line.host))).toEqual(new Set(["17000000001", "17000000002"]));
    // Both slots ending in 0042 are taken: any free slot, and the order says so, with its digits.
    const third = lines[2];
    expect(third.line.ownDigits).toBe("missed");
    expect(third.line.extension).not.toBe(TAIL);
    const detail = await getOrderForBuyer(suite.db, { buyerId: third.buyerId, orderId: third.orderId, now: T0 });
    expect(detail?.line).toMatchObject({ ownDigits: "missed", lastFour: third.line.extension });
    const first = await getOrderForBuyer(suite.db, { buyerId: lines[0].buyerId, orderId: lines[0].orderId, now: T0 });
    expect(first?.line).toMatchObject({ ownDigits: "met", lastFour: TAIL });

    // Pickup says it too, once the parcel ships with that line on its waybill.
    expect(
      await transitionOrder(suite.db, {
        buyerId: third.buyerId,
        orderId: third.orderId,
        transition: "ship",
        now: day(1),
      }),
    ).toEqual({ ok: true });
    const { onTheWay } = await listPickupParcels(suite.db, { buyerId: third.buyerId, now: day(1) });
    expect(onTheWay).toMatchObject([
      { ownDigits: "missed", waybillLastFour: third.line.extension, waybillLine: "live" },
    ]);
  });

  it("protects an order by hand with the preferred slot too (the allocateLine path)", async () => {
    await addPool(suite.db, { host: "17000000003", size: 50 });
    const b = await makeBuyer(suite.db, { list: "allow", lastFour: "0007" });
    const placed = await place(b.id);
    expect(placed.protection).toBe("real_number");
    await turnProtectionOn(suite.db, { buyerId: b.id, now: T0 });
    await setOwnLastFour(suite.db, { buyerId: b.id, on: true, now: T0 });
    const result = await protectOrder(suite.db, { buyerId: b.id, orderId: placed.orderId, now: T0 });
    expect(result).toMatchObject({ ok: true, extension: "0007", ownDigits: "met" });
  });

  it("protecting an order again takes back its own slot when it ends in the digits asked for, else a free one that does", async () => {
    await addPool(suite.db, { host: "17000000008", size: 50 });
    // Without the preference the random pick never lands on 0042 (the top key; see the test below).
    await suite.db.execute(
      sql`update slots set rand_key = case extension when '0042' then 2147483646 else 2147483645 - id::int end`,
    );
    const b = await buyer({ own: false });
    const placed = await place(b.id);
    const first = await lineOf(placed.orderId);
    expect(first.extension).not.toBe(TAIL);
    await endLineEarly(suite.db, { buyerId: b.id, orderId: placed.orderId, now: day(1) });
    await setOwnLastFour(suite.db, { buyerId: b.id, on: true, now: day(1) });
    expect(await protectOrder(suite.db, { buyerId: b.id, orderId: placed.orderId, now: day(1) })).toMatchObject({
      ok: true,
      extension: TAIL,
      ownDigits: "met",
    });

    // Its own slot, still cooling, ends in the digits: it is taken back (no free slot could be it).
    const c = await buyer({ tail: "0007" });
    const second = await place(c.id);
    expect(await lineOf(second.orderId)).toMatchObject({ extension: "0007", ownDigits: "met" });
    await endLineEarly(suite.db, { buyerId: c.id, orderId: second.orderId, now: day(1) });
    expect(await protectOrder(suite.db, { buyerId: c.id, orderId: second.orderId, now: day(2) })).toMatchObject({
      ok: true,
      extension: "0007",
      ownDigits: "met",
    });
  });

  it("leaves a preferred slot alone while it cools down, and gives it once the cool-down is over", async () => {
    await addPool(suite.db, { host: "17000000004", size: 50 });
    const first = await buyer();
    const placed = await place(first.id);
    expect(await lineOf(placed.orderId)).toMatchObject({ extension: TAIL, ownDigits: "met" });
    expect(await endLineEarly(suite.db, { buyerId: first.id, orderId: placed.orderId, now: day(1) })).toMatchObject({
      ok: true,
    });

    const during = await buyer();
    const cooling = await place(during.id, day(2));
    expect(await lineOf(cooling.orderId)).toMatchObject({ ownDigits: "missed" });
    expect((await lineOf(cooling.orderId)).extension).not.toBe(TAIL);

    const after = await buyer();
    const later = await place(after.id, day(1 + settings.coolDownDays));
    expect(await lineOf(later.orderId)).toMatchObject({ extension: TAIL, ownDigits: "met" });
  });

  it("changes nothing for buyers who did not ask: the random pick, no record", async () => {
    await addPool(suite.db, { host: "17000000005", size: 2 });
    // 0001 right below the top of the key space, 0042 at the top: a random start lands on 0001 unless
    // it is exactly the top key (one chance in 2^31), so only a preference gives 0042.
    await suite.db.execute(sql`update slots set extension = '0042' where extension = '0000'`);
    await suite.db.execute(
      sql`update slots set rand_key = case extension when '0042' then 2147483646 else 2147483645 end`,
    );
    const chooser = await buyer({ own: false });
    const placed = await place(chooser.id);
    expect(await lineOf(placed.orderId)).toEqual({ extension: "0001", host: "17000000005", ownDigits: null });

    // The same pool, someone who asked: the preference is what took 0042 (the control of the above).
    const asker = await buyer();
    const asked = await place(asker.id);
    expect(await lineOf(asked.orderId)).toMatchObject({ extension: TAIL, ownDigits: "met" });
  });

  it("stops preferring once turned off, and records each change once", async () => {
    await addPool(suite.db, { host: "17000000006", size: 2 });
    const b = await buyer();
    expect(await setOwnLastFour(suite.db, { buyerId: b.id, on: true, now: T0 })).toEqual({ ok: true, changed: false });
    expect(await setOwnLastFour(suite.db, { buyerId: b.id, on: false, now: T0 })).toEqual({ ok: true, changed: true });
    expect(await setOwnLastFour(suite.db, { buyerId: b.id, on: false, now: T0 })).toEqual({ ok: true, changed: false });
    expect((await getProtectionStatus(suite.db, { buyerId: b.id, now: T0 })).ownLastFour).toBe(false);
    const placed = await place(b.id);
    expect(await lineOf(placed.orderId)).toMatchObject({ ownDigits: null });
    const kinds = await suite.db
      .select({ kind: activityEvents.kind })
      .from(activityEvents)
      .where(eq(activityEvents.buyerId, b.id))
      .orderBy(activityEvents.id);
    expect(kinds.map((row) => row.kind)).toEqual(["protection_on", "own_last_four_on", "own_last_four_off"]);
  });

  it("keeps the choice without protection, writing no setting row for an 'off' never turned on", async () => {
    const b = await makeBuyer(suite.db, { list: "allow", lastFour: TAIL });
    expect(await setOwnLastFour(suite.db, { buyerId: b.id, on: false, now: T0 })).toEqual({ ok: true, changed: false });
    expect(await suite.db.select().from(protectionSettings).where(eq(protectionSettings.buyerId, b.id))).toEqual([]);
    expect(await setOwnLastFour(suite.db, { buyerId: b.id, on: true, now: T0 })).toEqual({ ok: true, changed: true });
    expect(await getProtectionStatus(suite.db, { buyerId: b.id, now: T0 })).toMatchObject({
      enabled: false,
      ownLastFour: true,
    });
  });

  it("matches on the masked number alone: an unreadable ciphertext changes nothing", async () => {
    await addPool(suite.db, { host: "17000000007", size: 100 });
    const b = await buyer({ tail: "0063" });
    await suite.db.update(users).set({ phoneCiphertext: "unreadable" }).where(eq(users.id, b.id));
    const placed = await place(b.id);
    expect(await lineOf(placed.orderId)).toMatchObject({ extension: "0063", ownDigits: "met" });
  });

  it("has one rule for a line's last four, in TypeScript and in both SQL forms", async () => {
    const cases = [
      ["17012345678", "0421"],
      ["17012345678", "9999"],
      ["19900000000", "0000"],
      ["17012345678", "1234"],
      ["17012345678", "421"],
      ["17012345671", "234"],
    ] as const;
    for (const [host, extension] of cases) {
      const [row] = rows<{ last_four: string; ends: boolean; other: boolean }>(
        await suite.db.execute(sql`select ${lastFourSql(sql`${host}::text`, sql`${extension}::text`)} as last_four,
          ${endsIn(sql`${host}::text`, sql`${extension}::text`, sql`${lastFour(host, extension)}::text`, sql`${extension.length}::int`)} as ends,
          ${endsIn(sql`${host}::text`, sql`${extension}::text`, sql`'1234'::text`, sql`${extension.length}::int`)} as other`),
      );
      expect(row).toEqual({
        last_four: lastFour(host, extension),
        ends: true,
        other: lastFour(host, extension) === "1234",
      });
    }
  });
});
