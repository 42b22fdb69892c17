import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encryptPhone } from "@/lib/crypto/phone";
import { type Db, type DbHandle, type Executor, openDb, resultRows as rows } from "@/lib/db/client";
import { bindings, contactEvents, hostNumbers, relayWebhooks, slots, users } from "@/lib/db/schema";
import { days } from "@/lib/settings";
import { drivers } from "@/lib/testing/db";
import {
  COURIER_PHONE,
  HOST,
  MERCHANT_PHONE,
  makeProtectedBuyer,
  type PlacedLine,
  placeProtectedOrder,
  relayRowCounts,
  STRANGER,
  seedRelayWorld,
} from "@/lib/testing/relay";
import { blockCaller, listContactsForOrder, unblockCaller } from "./contacts";
import { endLineEarly } from "./end-line";
import { transitionOrder } from "./orders";
import { listPickupParcels } from "./parcels";
import {
  contactLookup,
  decideCall,
  decideContactIn,
  MAX_MESSAGE_CHARS,
  normalizeCaller,
  recordMessage,
  runFailClosed,
} from "./relay";

const T0 = new Date("2030-03-01T08:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 60 * 60 * 1000;

describe.each(drivers())("relay decisions on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let merchantId: number;
  let buyer: { id: string; phone: string };
  let line: PlacedLine;

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
    ({ merchantId } = await seedRelayWorld(db));
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    buyer = await makeProtectedBuyer(db);
    line = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: T0 });
  });

  const call = (caller: string, now: Date, target: { host: string; extension: string } = line) =>
    decideCall(db, { host: target.host, extension: target.extension, caller, now });

  const eventsOf = (orderId: string) =>
    db.select().from(contactEvents).where(eq(contactEvents.orderId, orderId)).orderBy(contactEvents.id);

  it("forwards a call to a live line to the buyer's real number, with a whisper naming order and merchant", async () => {
    const decision = await call(MERCHANT_PHONE, at(HOUR));
    expect(decision).toMatchObject({
      action: "forward",
      to: `+86${buyer.phone}`,
      orderId: line.orderId,
      bindingId: line.bindingId,
      callerKind: "merchant",
    });
    if (decision.action !== "forward") throw new Error("expected a forward");
    expect(decision.about).toEqual({
      channel: "call",
      callerKind: "merchant",
      item: "USB-C charger 65 W",
      merchant: { en: "Blue Whale Electronics", "zh-CN": "蓝鲸数码旗舰店" },
      courier: null,
    });

    const [event] = await eventsOf(line.orderId);
    expect(event).toMatchObject({
      channel: "call",
      outcome: "forwarded",
      reason: null,
      callerKind: "merchant",
      callerMasked: "139****1111",
      buyerId: buyer.id,
      at: at(HOUR),
    });
    expect(event.callerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(event)).not.toContain(MERCHANT_PHONE);
  });

  it("accepts the host and caller written as +86 numbers, and tells courier from unknown callers", async () => {
    await transitionOrder(db, { buyerId: buyer.id, orderId: line.orderId, transition: "ship", now: at(HOUR) });
    const courier = await decideCall(db, {
      host: `+86 ${line.host}`,
      extension: line.extension,
      caller: `+86${COURIER_PHONE}`,
      now: at(2 * HOUR),
    });
    expect(courier).toMatchObject({ action: "forward", callerKind: "courier" });
    if (courier.action === "forward") expect(courier.about.courier).toEqual({ en: "SF Express", "zh-CN": "顺丰速运" });
    const stranger = await call(STRANGER, at(3 * HOUR));
    expect(stranger).toMatchObject({ action: "forward", callerKind: "unknown" });
    const withheld = await call("anonymous", at(4 * HOUR));
    expect(withheld).toMatchObject({ action: "forward", callerKind: "unknown" });
    expect((await eventsOf(line.orderId)).map((e) => [e.callerKind, e.callerMasked])).toEqual([
      ["courier", "158****2222"],
      ["unknown", "137****1234"],
      ["unknown", "anonymous"],
    ]);
  });

  it("rejects `unknown` for a host or extension that is not ours, malformed, or never bound, and logs nothing", async () => {
    const before = await relayRowCounts(db);
    const cases = [
      { host: "17099999999", extension: line.extension },
      { host: HOST, extension: "9999" },
      { host: HOST, extension: "12" },
      { host: "not a number", extension: "0001" },
    ];
    for (const target of cases) {
      expect(await call(MERCHANT_PHONE, at(HOUR), target)).toEqual({ action: "reject", reason: "unknown" });
    }
    expect(await relayRowCounts(db)).toEqual(before);
  });

  it("ending a line takes effect at once: the first call after End now is rejected `ended`, and logged", async () => {
    expect((await call(STRANGER, at(HOUR))).action).toBe("forward");
    const ended = await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: at(2 * HOUR) });
    expect(ended.ok).toBe(true);
    const decision = await call(STRANGER, at(2 * HOUR));
    expect(decision).toMatchObject({ action: "reject", reason: "ended", orderId: line.orderId });
    expect(decision).not.toHaveProperty("to");
    expect((await call(MERCHANT_PHONE, at(days(29)))).action).toBe("reject");
    const events = await eventsOf(line.orderId);
    expect(events.map((e) => [e.outcome, e.reason])).toEqual([
      ["forwarded", null],
      ["rejected", "ended"],
      ["rejected", "ended"],
    ]);
  });

  it("a cancelled order's line is `ended` too", async () => {
    await transitionOrder(db, { buyerId: buyer.id, orderId: line.orderId, transition: "cancel", now: at(HOUR) });
    expect(await call(MERCHANT_PHONE, at(HOUR))).toMatchObject({ action: "reject", reason: "ended" });
  });

  it("expiry takes effect at once: forwarded up to the end time, `expired` from that instant", async () => {
    for (const step of ["ship", "deliver", "complete"] as const) {
      await transitionOrder(db, { buyerId: buyer.id, orderId: line.orderId, transition: step, now: at(HOUR) });
    }
    const endsAt = at(HOUR + days(15));
    expect((await call(MERCHANT_PHONE, new Date(endsAt.getTime() - 1))).action).toBe("forward");
    expect(await call(MERCHANT_PHONE, endsAt)).toMatchObject({ action: "reject", reason: "expired" });
    expect((await eventsOf(line.orderId)).at(-1)).toMatchObject({ outcome: "rejected", reason: "expired" });
  });

  it("after the cool-down the number is back in the pool: `unknown`, not logged on the old order", async () => {
    await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: at(HOUR) });
    const decision = await call(MERCHANT_PHONE, at(HOUR + days(30)));
    expect(decision).toEqual({ action: "reject", reason: "unknown" });
    expect(await eventsOf(line.orderId)).toHaveLength(0);
  });

  it("a cooling slot whose binding is gone (account deleted) rejects `cooling`, until its cool-down ends", async () => {
    await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: at(HOUR) });
    const [{ slotId }] = await db
      .select({ slotId: bindings.slotId })
      .from(bindings)
      .where(eq(bindings.id, line.bindingId));
    await db.delete(users).where(eq(users.id, buyer.id));
    expect(await call(MERCHANT_PHONE, at(2 * HOUR))).toEqual({ action: "reject", reason: "cooling" });
    const [{ availableAt }] = await db
      .select({ availableAt: slots.availableAt })
      .from(slots)
      .where(eq(slots.id, slotId));
    if (!availableAt) throw new Error("expected the slot to be cooling");
    expect(await call(MERCHANT_PHONE, new Date(availableAt.getTime() - 1))).toEqual({
      action: "reject",
      reason: "cooling",
    });
    expect(await call(MERCHANT_PHONE, availableAt)).toEqual({ action: "reject", reason: "unknown" });
  });

  it.each([
    ["no mobile number", "12345"],
    ["a mobile with a digit too many", "139123456789"],
    ["a mobile behind other digits", "0013912345678"],
  ])(
    "never forwards to a buyer number that decrypts to %s: the decision throws, and fails closed",
    async (_name, national) => {
      await db
        .update(users)
        .set({ phoneCiphertext: encryptPhone(national, buyer.id) })
        .where(eq(users.id, buyer.id));
      const input = { host: line.host, extension: line.extension, caller: MERCHANT_PHONE, now: at(HOUR) };
      await expect(db.transaction((tx) => decideContactIn(tx, input))).rejects.toThrow(
        "the buyer's number did not decrypt to a mobile number",
      );
      expect(await call(MERCHANT_PHONE, at(HOUR))).toMatchObject({ action: "reject" });
      expect(await eventsOf(line.orderId)).toEqual([]);
      // A contact that is rejected anyway never decrypts the number: it is answered and logged as usual.
      await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: at(2 * HOUR) });
      expect(await call(MERCHANT_PHONE, at(3 * HOUR))).toMatchObject({ action: "reject", reason: "ended" });
      expect(await eventsOf(line.orderId)).toMatchObject([{ outcome: "rejected", reason: "ended" }]);
    },
  );

  it("answers for the binding that held the slot at `now`, when a slot has had two", async () => {
    const { merchantId: m } = await seedRelayWorld(db, { host: "17055550000", size: 1 });
    const first = await makeProtectedBuyer(db);
    const second = await makeProtectedBuyer(db);
    // Only the one-slot host is allocatable, so the second order gets the first one's slot back.
    await db.update(hostNumbers).set({ status: "retired" }).where(eq(hostNumbers.number, HOST));
    let old: PlacedLine;
    let fresh: PlacedLine;
    try {
      old = await placeProtectedOrder(db, { buyerId: first.id, merchantId: m, now: T0 });
      await endLineEarly(db, { buyerId: first.id, orderId: old.orderId, now: at(HOUR) });
      fresh = await placeProtectedOrder(db, { buyerId: second.id, merchantId: m, now: at(HOUR + days(31)) });
    } finally {
      await db.update(hostNumbers).set({ status: "active" }).where(eq(hostNumbers.number, HOST));
    }
    expect(fresh.extension).toBe(old.extension);
    expect(await call(STRANGER, at(2 * HOUR), old)).toMatchObject({ reason: "ended", orderId: old.orderId });
    expect(await call(STRANGER, at(2 * HOUR + days(31)), fresh)).toMatchObject({
      action: "forward",
      to: `+86${second.phone}`,
      orderId: fresh.orderId,
    });
  });

  it("rejects `locked` while the host number is locked", async () => {
    await db.update(hostNumbers).set({ status: "locked" }).where(eq(hostNumbers.number, HOST));
    try {
      expect(await call(MERCHANT_PHONE, at(HOUR))).toMatchObject({ action: "reject", reason: "locked" });
      expect((await eventsOf(line.orderId))[0]).toMatchObject({ outcome: "rejected", reason: "locked" });
    } finally {
      await db.update(hostNumbers).set({ status: "active" }).where(eq(hostNumbers.number, HOST));
    }
  });

  it("blocks one caller on one line: their later calls and messages are rejected `blocked` and logged, others still go through", async () => {
    await call(STRANGER, at(HOUR));
    const [event] = await eventsOf(line.orderId);

    const other = await makeProtectedBuyer(db);
    expect(await blockCaller(db, { buyerId: other.id, contactEventId: event.id, now: at(HOUR) })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await blockCaller(db, { buyerId: buyer.id, contactEventId: 987_654_321, now: at(HOUR) })).toEqual({
      ok: false,
      reason: "not_found",
    });
    // Unblocking someone else's event, or one that does not exist, is not found either.
    for (const [buyerId, contactEventId] of [
      [other.id, event.id],
      [buyer.id, 987_654_321],
    ] as const) {
      expect(await unblockCaller(db, { buyerId, contactEventId })).toEqual({ ok: false, reason: "not_found" });
    }
    // An id no event can have (a hand-made form) is not found either, and never reaches the query.
    for (const contactEventId of [0, -1, 1.5, 2 ** 53, Number.NaN]) {
      expect(await blockCaller(db, { buyerId: buyer.id, contactEventId, now: at(HOUR) })).toEqual({
        ok: false,
        reason: "not_found",
      });
      expect(await unblockCaller(db, { buyerId: buyer.id, contactEventId })).toEqual({
        ok: false,
        reason: "not_found",
      });
    }

    expect(await blockCaller(db, { buyerId: buyer.id, contactEventId: event.id, now: at(HOUR) })).toEqual({
      ok: true,
      alreadyBlocked: false,
      callerMasked: "137****1234",
    });
    expect(await blockCaller(db, { buyerId: buyer.id, contactEventId: event.id, now: at(HOUR) })).toMatchObject({
      ok: true,
      alreadyBlocked: true,
    });
    expect(await call(`+86 ${STRANGER}`, at(2 * HOUR))).toMatchObject({ action: "reject", reason: "blocked" });
    const message = await recordMessage(db, {
      ...line,
      sender: STRANGER,
      text: "please call me back",
      now: at(2 * HOUR),
    });
    expect(message).toMatchObject({ action: "reject", reason: "blocked" });
    expect((await call(MERCHANT_PHONE, at(3 * HOUR))).action).toBe("forward");

    // The same caller on another of the buyer's lines is not blocked there.
    const second = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: at(HOUR) });
    expect((await call(STRANGER, at(3 * HOUR), second)).action).toBe("forward");

    const log = await listContactsForOrder(db, { buyerId: buyer.id, orderId: line.orderId });
    expect(log.map((c) => [c.channel, c.outcome, c.reason, c.blocked])).toEqual([
      ["call", "forwarded", null, false],
      ["message", "rejected", "blocked", true],
      ["call", "rejected", "blocked", true],
      ["call", "forwarded", null, true],
    ]);
    expect(await listContactsForOrder(db, { buyerId: other.id, orderId: line.orderId })).toEqual([]);
    // An order id that is no UUID (a hand-edited URL) is an empty log, not a failed query.
    expect(await listContactsForOrder(db, { buyerId: buyer.id, orderId: `${line.orderId}x` })).toEqual([]);

    expect(await unblockCaller(db, { buyerId: buyer.id, contactEventId: event.id })).toEqual({
      ok: true,
      wasBlocked: true,
    });
    expect(await unblockCaller(db, { buyerId: buyer.id, contactEventId: event.id })).toEqual({
      ok: true,
      wasBlocked: false,
    });
    expect((await call(STRANGER, at(4 * HOUR))).action).toBe("forward");
  });

  it("a blocked landline stays blocked however the next call writes it", async () => {
    const landline = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: at(HOUR) });
    await call("+86 10 8888 7777", at(HOUR), landline);
    const [event] = await eventsOf(landline.orderId);
    expect(await blockCaller(db, { buyerId: buyer.id, contactEventId: event.id, now: at(HOUR) })).toMatchObject({
      ok: true,
      callerMasked: "*******7777",
    });
    for (const written of ["010 8888 7777", "01088887777", "+861088887777", "(010) 8888-7777"]) {
      expect(await call(written, at(2 * HOUR), landline), written).toMatchObject({
        action: "reject",
        reason: "blocked",
      });
    }
    expect((await call("021 8888 7777", at(2 * HOUR), landline)).action).toBe("forward");
  });

  it("stores a pickup notice with its code and station, and moves the parcel to the station", async () => {
    await transitionOrder(db, { buyerId: buyer.id, orderId: line.orderId, transition: "ship", now: at(HOUR) });
    const text = "【菜鸟驿站】您的包裹已到文三路88号菜鸟驿站，取件码 5-2-1234，联系电话13900001111";
    const decision = await recordMessage(db, { ...line, sender: "10690000123", text, now: at(2 * HOUR) });
    expect(decision).toMatchObject({
      action: "forward",
      to: `+86${buyer.phone}`,
      pickupCode: "5-2-1234",
      station: "菜鸟驿站",
    });
    const noCode = await recordMessage(db, {
      ...line,
      sender: MERCHANT_PHONE,
      text: "麻烦给个好评",
      now: at(3 * HOUR),
    });
    expect(noCode).toMatchObject({ action: "forward", pickupCode: null, callerKind: "merchant" });

    // The code moved the shipped order's parcel to the station (the Pickup screen reads parcels).
    const pickup = await listPickupParcels(db, { buyerId: buyer.id, now: at(4 * HOUR) });
    expect(pickup.ready).toEqual([
      expect.objectContaining({
        orderId: line.orderId,
        codes: ["5-2-1234"],
        station: "菜鸟驿站",
        waybillLastFour: line.extension,
      }),
    ]);
    const other = await makeProtectedBuyer(db);
    expect(await listPickupParcels(db, { buyerId: other.id, now: at(4 * HOUR) })).toEqual({ ready: [], onTheWay: [] });

    const log = await listContactsForOrder(db, { buyerId: buyer.id, orderId: line.orderId });
    expect(log[1]).toMatchObject({ channel: "message", pickupCode: "5-2-1234", text, callerMasked: "*******0123" });
    expect(JSON.stringify(log)).not.toContain(buyer.phone);
  });

  it("logs a message's codes joined, no code as null, and reads a message only to its 2,000-character cut", async () => {
    const two = await recordMessage(db, {
      ...line,
      sender: "10690000123",
      text: "您有2个包裹到了菜鸟驿站，取件码 5-2-1234、5-2-1235",
      now: at(HOUR),
    });
    expect(two).toMatchObject({ action: "forward", pickupCode: "5-2-1234, 5-2-1235", station: "菜鸟驿站" });
    await recordMessage(db, { ...line, sender: MERCHANT_PHONE, text: "麻烦给个好评", now: at(2 * HOUR) });
    // Past the cut, a code is neither read nor stored: the log keeps the first 2,000 characters.
    const long = `${"好".repeat(MAX_MESSAGE_CHARS)}取件码 5-2-1236`;
    expect(await recordMessage(db, { ...line, sender: STRANGER, text: long, now: at(3 * HOUR) })).toMatchObject({
      action: "forward",
      pickupCode: null,
      station: null,
    });
    const logged = await eventsOf(line.orderId);
    expect(logged.map((e) => [e.pickupCode, e.station, e.messageText?.length])).toEqual([
      ["5-2-1234, 5-2-1235", "菜鸟驿站", 34],
      [null, null, 6],
      [null, null, MAX_MESSAGE_CHARS],
    ]);
  });

  it("a notice to a number that is not ours is neither logged nor read for a code", async () => {
    const text = "【菜鸟驿站】取件码 5-2-1234";
    for (const target of [
      { host: line.host, extension: "9999" },
      { host: "17099999999", extension: line.extension },
    ]) {
      const decision = await recordMessage(db, { ...target, sender: STRANGER, text, now: at(HOUR) });
      expect(decision, target.host).toEqual({
        action: "reject",
        reason: "unknown",
        parcelId: null,
        pickupCode: null,
        station: null,
      });
    }
    expect(await eventsOf(line.orderId)).toEqual([]);
  });

  it("logs a message to an ended line with its code, but keeps it off the pickup screen", async () => {
    await endLineEarly(db, { buyerId: buyer.id, orderId: line.orderId, now: at(HOUR) });
    const decision = await recordMessage(db, {
      ...line,
      sender: STRANGER,
      text: "凭取件码 8841 取件",
      now: at(2 * HOUR),
    });
    expect(decision).toEqual({
      action: "reject",
      reason: "ended",
      orderId: line.orderId,
      bindingId: line.bindingId,
      contactEventId: expect.any(Number),
      pickupCode: "8841",
      station: null,
      // A rejected notice moves no parcel.
      parcelId: null,
    });
  });

  it("fails closed: a broken or closed database, or a decision past its deadline, is a rejection that writes nothing", async () => {
    const broken = new Proxy({} as Db, {
      get: () => {
        throw new Error("connection refused");
      },
    });
    expect(await decideCall(broken, { ...line, caller: STRANGER, now: at(HOUR) })).toEqual({
      action: "reject",
      reason: "unavailable",
    });
    const failing = { transaction: () => Promise.reject(new Error("timeout")) } as unknown as Db;
    expect(await recordMessage(failing, { ...line, sender: STRANGER, text: "取件码 8841", now: at(HOUR) })).toEqual({
      action: "reject",
      reason: "unavailable",
      pickupCode: null,
      station: null,
    });

    const before = await relayRowCounts(db);
    const slow = await runFailClosed(
      db,
      async (tx) => {
        await tx.insert(relayWebhooks).values({
          provider: "test",
          webhookId: "slow",
          requestHash: "x",
          response: {},
          createdAt: at(HOUR),
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        return "late answer";
      },
      "rejected",
      50,
    );
    expect(slow).toBe("rejected");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await relayRowCounts(db)).toEqual(before);

    const closed = await openDb({});
    await closed.close();
    expect(await decideCall(closed.db, { ...line, caller: STRANGER, now: at(HOUR) })).toEqual({
      action: "reject",
      reason: "unavailable",
    });
  });

  it("reads the slot, its line and the block list in one statement, through indexes", async () => {
    await seedRelayWorld(db, { host: "17066660000", size: 10_000 });
    await db.execute(sql`analyze`);
    const lookup = contactLookup({
      host: "17066660000",
      extension: "4321",
      now: at(HOUR),
      callerHash: "0".repeat(64),
    });
    const explain = async (executor: Executor) =>
      rows<{ "QUERY PLAN": string }>(await executor.execute(sql`explain ${lookup}`))
        .map((row) => row["QUERY PLAN"])
        .join("\n");
    // As planned on real data: the 20,000-row slots table is probed by its unique index.
    const plan = await explain(db);
    expect(plan).toMatch(/Index (Only )?Scan using slots_host_extension_key/);
    expect(plan).not.toMatch(/Seq Scan on slots/);
    // Small tables (host numbers, merchants, a near-empty bindings) may be read whole; index paths exist
    // for every step all the same, the line found by the slot's index on bindings.
    const forced = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return explain(tx);
    });
    expect(forced).toMatch(/Index (Only )?Scan using host_numbers_number_unique/);
    expect(forced).toMatch(/Index (Only )?Scan using slots_host_extension_key/);
    expect(forced).toMatch(/Index (Only )?Scan using bindings_slot_idx/);
    expect(forced).not.toMatch(/Seq Scan/);
  });
});

describe("normalizeCaller", () => {
  it("keys a mobile the same however it is written, and masks it", () => {
    for (const raw of ["13900001111", "+8613900001111", "+86 139 0000 1111", "008613900001111"]) {
      expect(normalizeCaller(raw)).toEqual({ key: "13900001111", masked: "139****1111", matchKey: "13900001111" });
    }
    expect(normalizeCaller("0571-88886666")).toEqual({
      key: "+8657188886666",
      masked: "*******6666",
      matchKey: "+8657188886666",
    });
    for (const raw of ["+86 10 8888 7777", "010 8888 7777", "01088887777", "0086 10 8888 7777"]) {
      expect(normalizeCaller(raw), raw).toEqual({
        key: "+861088887777",
        masked: "*******7777",
        matchKey: "+861088887777",
      });
    }
    expect(normalizeCaller("anonymous")).toEqual({ key: "anonymous", masked: "anonymous", matchKey: null });
  });

  it("keys a number that is no phone number by its digits: the international 00 off, 20 at most, under 3 withheld", () => {
    expect(normalizeCaller("0095338")).toEqual({ key: "95338", masked: "*5338", matchKey: "95338" });
    expect(normalizeCaller("sip:9500338@pbx")).toMatchObject({ key: "9500338", matchKey: "9500338" });
    expect(normalizeCaller("123")).toEqual({ key: "123", masked: "****", matchKey: "123" });
    for (const withheld of ["12", "0012", "00", "sip:x@pbx"]) {
      expect(normalizeCaller(withheld), withheld).toEqual({ key: "anonymous", masked: "anonymous", matchKey: null });
    }
    expect(normalizeCaller(`sip:${"1234567890".repeat(3)}@pbx`).key).toBe("12345678901234567890");
  });
});
