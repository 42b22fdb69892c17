import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { listContactsForOrder } from "@/lib/protection/contacts";
import { drivers } from "@/lib/testing/db";
import { addPool, seedMerchants } from "@/lib/testing/protection";
import { makeProtectedBuyer, type PlacedLine, placeProtectedOrder, relayRowCounts } from "@/lib/testing/relay";
import { beijingTime } from "./client";
import { ipAllowed } from "./report";

const TOKEN = "report-token-0123456789abcdef";
const state = vi.hoisted(() => {
  Object.assign(process.env, {
    TELEPHONY_PROVIDER: "alibaba",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAIfake",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "fake-secret",
    ALIBABA_PLS_POOL_KEY: "FC100000000001",
    ALIBABA_PLS_ENDPOINT: "http://127.0.0.1:9",
    ALIBABA_REPORT_TOKEN: "report-token-0123456789abcdef",
    ALIBABA_REPORT_ALLOW: "100.104.0.0/16,127.0.0.1",
  });
  return { db: undefined as unknown };
});
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));

const { POST } = await import("@/app/api/relay/alibaba/[token]/route");
const HOST = "17100000009";
const CALLER = "13912345678";

afterAll(() => {
  for (const key of ["TELEPHONY_PROVIDER", "ALIBABA_REPORT_TOKEN", "ALIBABA_REPORT_ALLOW"]) delete process.env[key];
});

function push(token: string, body: unknown, { from = "100.104.3.7", type = "application/json" } = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const request = new Request(`http://localhost/api/relay/alibaba/${token}`, {
    method: "POST",
    headers: { "content-type": type, "x-forwarded-for": from },
    body: text,
  });
  return POST(request, { params: Promise.resolve({ token }) });
}

describe("the SecretReport source allow-list", () => {
  it("matches addresses and CIDRs, and allows any source when unset", () => {
    expect(ipAllowed("100.104.3.7", ["100.104.0.0/16"])).toBe(true);
    expect(ipAllowed("100.105.3.7", ["100.104.0.0/16"])).toBe(false);
    expect(ipAllowed("127.0.0.1", ["127.0.0.1"])).toBe(true);
    expect(ipAllowed("unknown", ["127.0.0.1"])).toBe(false);
    expect(ipAllowed("8.8.8.8", [])).toBe(true);
  });
});

describe.each(drivers())("the SecretReport push on $name", ({ open }) => {
  let handle: DbHandle;
  let db: Db;
  let merchantId: number;
  let buyer: { id: string };
  let line: PlacedLine;

  beforeAll(async () => {
    handle = await open();
    db = handle.db;
    state.db = db;
    merchantId = await seedMerchants(db);
    await addPool(db, { host: HOST, size: 30, width: 3 });
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    buyer = await makeProtectedBuyer(db);
    // Bound five minutes ago: a record is judged at its call time, which comes after.
    line = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: new Date(Date.now() - 300_000) });
  });

  const record = (callId: string, extra: Record<string, unknown> = {}) => ({
    call_id: callId,
    out_id: line.bindingId,
    sub_id: 1000043068030001,
    pool_key: "FC100000000001",
    phone_no: "138****0000",
    secret_no: HOST,
    peer_no: CALLER,
    call_type: 1,
    call_time: beijingTime(new Date(Date.now() - 60_000)),
    start_time: beijingTime(new Date(Date.now() - 55_000)),
    release_time: beijingTime(new Date(Date.now() - 30_000)),
    release_dir: 1,
    ...extra,
  });

  it("lands a pushed call in the buyer's contact log, once, even when pushed twice", async () => {
    const callId = `call-${line.bindingId}`;
    const first = await push(TOKEN, [record(callId)]);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ code: 0 });
    // Pushed again, and repeated within one batch: still one record.
    expect((await push(TOKEN, [record(callId), record(callId)])).status).toBe(200);
    const contacts = await listContactsForOrder(db, { buyerId: buyer.id, orderId: line.orderId });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ channel: "call", outcome: "forwarded" });
    expect(JSON.stringify(contacts)).not.toContain(CALLER);
  });

  it("logs a message record as a message, and skips the buyer's own outgoing calls", async () => {
    await push(TOKEN, [
      record(`sms-${line.bindingId}`, { sms_number: 1 }),
      record(`out-${line.bindingId}`, { call_type: 0 }),
    ]);
    const contacts = await listContactsForOrder(db, { buyerId: buyer.id, orderId: line.orderId });
    expect(contacts.map((c) => c.channel)).toEqual(["message"]);
  });

  it("refuses a push without the path token, with a wrong one, or from outside the allow-list, and writes nothing", async () => {
    const before = await relayRowCounts(db);
    for (const token of ["", "wrong-token-0123456789abcdef", `${TOKEN}x`]) {
      const response = await push(token, [record(`t-${token}`)]);
      expect(response.status, token).toBe(404);
    }
    expect((await push(TOKEN, [record("stranger")], { from: "203.0.113.9" })).status).toBe(403);
    expect(await relayRowCounts(db)).toEqual(before);
    expect(await listContactsForOrder(db, { buyerId: buyer.id, orderId: line.orderId })).toEqual([]);
  });

  it("refuses a body that is not a batch of call records with a 4xx, and writes nothing", async () => {
    const before = await relayRowCounts(db);
    expect((await push(TOKEN, "not json")).status).toBe(400);
    expect((await push(TOKEN, { call_id: "x" })).status).toBe(400);
    expect((await push(TOKEN, [{ call_id: "x" }])).status).toBe(400);
    expect((await push(TOKEN, [record("y")], { type: "text/plain" })).status).toBe(415);
    expect(await relayRowCounts(db)).toEqual(before);
  });

  it("acknowledges, without storing, a record for a line that is not ours", async () => {
    const before = await relayRowCounts(db);
    const response = await push(TOKEN, [record("foreign", { out_id: "00000000-0000-4000-8000-000000000000" })]);
    expect(response.status).toBe(200);
    expect(await relayRowCounts(db)).toEqual(before);
  });
});
