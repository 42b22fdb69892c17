/**
 * Reminders end to end without the internet: a local HTTP server plays the push service, the
 * subscription's keys are the test's own, and each push it receives is decrypted (RFC 8291, with
 * http_ece, web-push's own library) and compared with the reminder. On a real PostgreSQL server:
 * two workers run at once.
 */

import { execFileSync } from "node:child_process";
import { createECDH, type ECDH, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { Agent, createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import * as ece from "http_ece";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Db, type DbHandle, openDb } from "@/lib/db/client";
import { bindings, jobs, pushSubscriptions, reminders } from "@/lib/db/schema";
import { runDueJobs } from "@/lib/jobs/worker";
import { transitionOrder } from "@/lib/protection/orders";
import { recordMessage } from "@/lib/protection/relay";
import { serverDb } from "@/lib/testing/db";
import { makeProtectedBuyer, type PlacedLine, placeProtectedOrder, seedRelayWorld } from "@/lib/testing/relay";
import { createPushHandler, type PushReminder } from "./push";
import { DEFAULT_CHOICES, PUSH_JOB, saveReminderChoices } from "./remind";
import { scanReminders } from "./scan";
import { saveSubscription } from "./subscriptions";
import { vapid } from "./vapid";

const PORT = Number(process.env.PUSH_TEST_PORT || 3215);
// 16:00 in Shanghai: outside the default quiet hours.
const T0 = new Date("2030-03-01T08:00:00Z");
const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const STATION = "10690000888";

/** A certificate for 127.0.0.1 of the test's own (push services speak https only; so does web-push). */
function loopbackCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), "onp-push-"));
  const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}
const tls = loopbackCertificate();
const handlers = { [PUSH_JOB]: createPushHandler({ agent: new Agent({ ca: tls.cert }) }) };

type Received = { path: string; headers: IncomingHttpHeaders; body: Buffer };

describe("reminders by Web Push", () => {
  let handle: DbHandle & { url: string };
  let db: Db;
  let merchantId: number;
  let server: Server;
  const received: Received[] = [];
  let answer = 201;

  beforeAll(async () => {
    handle = await serverDb();
    db = handle.db;
    ({ merchantId } = await seedRelayWorld(db, { size: 100 }));
    server = createServer(tls, (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await handle?.close();
  });
  beforeEach(() => {
    received.length = 0;
    answer = 201;
  });

  /** A buyer with a shipped protected order and a subscription whose private key the test holds. */
  async function subscribedBuyer(): Promise<{
    buyerId: string;
    line: PlacedLine;
    keys: ECDH;
    auth: string;
    subscriptionId: string;
  }> {
    const buyer = await makeProtectedBuyer(db);
    const line = await placeProtectedOrder(db, { buyerId: buyer.id, merchantId, now: T0 });
    await transitionOrder(db, { buyerId: buyer.id, orderId: line.orderId, transition: "ship", now: at(HOUR) });
    const keys = createECDH("prime256v1");
    keys.generateKeys();
    const auth = randomBytes(16).toString("base64url");
    const subscriptionId = await saveSubscription(db, {
      buyerId: buyer.id,
      subscription: {
        endpoint: `https://127.0.0.1:${PORT}/push/${buyer.id}`,
        keys: { p256dh: keys.getPublicKey().toString("base64url"), auth },
      },
      locale: "en",
      now: T0,
    });
    return { buyerId: buyer.id, line, keys, auth, subscriptionId };
  }

  const codeNotice = (line: PlacedLine, code: string, now: Date) =>
    recordMessage(db, {
      host: line.host,
      extension: line.extension,
      sender: STATION,
      text: `【菜鸟驿站】您的包裹已到文三路店，请凭取件码 ${code} 取件`,
      now,
    });

  const decrypt = (push: Received, keys: ECDH, auth: string): PushReminder =>
    JSON.parse(ece.decrypt(push.body, { version: "aes128gcm", privateKey: keys, authSecret: auth }).toString("utf8"));

  it("a pickup code reminds once, in the notice's transaction; the push decrypts to that reminder, signed with our VAPID key", async () => {
    const { buyerId, line, keys, auth } = await subscribedBuyer();
    await codeNotice(line, "6-1-7734", at(2 * HOUR));
    const [reminder] = await db.select().from(reminders).where(eq(reminders.buyerId, buyerId));
    expect(reminder).toMatchObject({ kind: "code_arrived", url: "/pickup" });
    expect(await runDueJobs(db, { now: at(2 * HOUR), handlers })).toMatchObject({ done: 1 });
    expect(received).toHaveLength(1);
    const [push] = received;
    expect(push.path).toBe(`/push/${buyerId}`);
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.ttl).toBe("86400");
    expect(push.headers.authorization).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid().publicKey}$`),
    );
    expect(decrypt(push, keys, auth)).toEqual({
      title: "Pickup code 6-1-7734",
      body: "USB-C charger 65 W is waiting at 菜鸟驿站.",
      url: "/pickup",
      tag: reminder.id,
      action: null,
    });

    // The same notice again: no second reminder, nothing more sent.
    await codeNotice(line, "6-1-7734", at(3 * HOUR));
    expect(await db.select().from(reminders).where(eq(reminders.buyerId, buyerId))).toHaveLength(1);
    expect(await runDueJobs(db, { now: at(3 * HOUR), handlers })).toMatchObject({ done: 0 });
    expect(received).toHaveLength(1);

    // A new code for the same parcel is news: a second reminder, for the new code.
    await codeNotice(line, "6-1-7735", at(4 * HOUR));
    const both = await db.select().from(reminders).where(eq(reminders.buyerId, buyerId));
    expect(both).toHaveLength(2);
    expect(await runDueJobs(db, { now: at(4 * HOUR), handlers })).toMatchObject({ done: 1 });
    expect(decrypt(received[1], keys, auth)).toMatchObject({ title: "Pickup code 6-1-7735" });
  });

  it("a kind the buyer turned off writes no reminder and sends nothing", async () => {
    const { buyerId, line } = await subscribedBuyer();
    await saveReminderChoices(db, { buyerId, choices: { ...DEFAULT_CHOICES, code_arrived: false }, now: T0 });
    await codeNotice(line, "3-3-1000", at(2 * HOUR));
    expect(await db.select().from(reminders).where(eq(reminders.buyerId, buyerId))).toEqual([]);
    await runDueJobs(db, { now: at(2 * HOUR), handlers });
    expect(received).toEqual([]);
  });

  it("one due at 23:00 China time waits until 08:00, then goes out", async () => {
    const { line, keys, auth } = await subscribedBuyer();
    const eleven = new Date("2030-03-01T15:00:00Z"); // 23:00 in Shanghai
    await codeNotice(line, "4-4-2000", eleven);
    expect(await runDueJobs(db, { now: eleven, handlers })).toMatchObject({ done: 0, postponed: 1 });
    expect(received).toEqual([]);
    const [job] = await db.select().from(jobs).where(eq(jobs.state, "pending"));
    expect(job.runAt.toISOString()).toBe("2030-03-02T00:00:00.000Z"); // 08:00 in Shanghai
    expect(await runDueJobs(db, { now: new Date("2030-03-01T23:59:00Z"), handlers })).toMatchObject({ done: 0 });
    expect(await runDueJobs(db, { now: new Date("2030-03-02T00:00:00Z"), handlers })).toMatchObject({ done: 1 });
    expect(decrypt(received[0], keys, auth).title).toBe("Pickup code 4-4-2000");
  });

  it("a push service's 410 drops the subscription; a 500 is retried with backoff", async () => {
    const first = await subscribedBuyer();
    answer = 500;
    await codeNotice(first.line, "5-5-3000", at(2 * HOUR));
    expect(await runDueJobs(db, { now: at(2 * HOUR), handlers })).toMatchObject({ retried: 1 });
    const [retry] = await db.select().from(jobs).where(eq(jobs.state, "pending"));
    expect(retry.runAt.getTime()).toBe(at(2 * HOUR).getTime() + 1000);
    answer = 410;
    expect(await runDueJobs(db, { now: at(2 * HOUR + 1000), handlers })).toMatchObject({ done: 1 });
    expect(received).toHaveLength(2);
    expect(await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, first.subscriptionId))).toEqual([]);
    // The reminder stays in the bell.
    expect(await db.select().from(reminders).where(eq(reminders.buyerId, first.buyerId))).toHaveLength(1);
  });

  it("with two workers at once, each reminder is sent once", async () => {
    const buyers = await Promise.all(Array.from({ length: 3 }, () => subscribedBuyer()));
    for (const [i, buyer] of buyers.entries()) await codeNotice(buyer.line, `7-${i}-400${i}`, at(2 * HOUR));
    const other = await openDb({ url: handle.url, max: 4 });
    try {
      const results = await Promise.all([
        runDueJobs(db, { now: at(2 * HOUR), handlers, limit: 1 }).then(async (a) => [
          a,
          await runDueJobs(db, { now: at(2 * HOUR), handlers }),
        ]),
        runDueJobs(other.db, { now: at(2 * HOUR), handlers, limit: 1 }).then(async (a) => [
          a,
          await runDueJobs(other.db, { now: at(2 * HOUR), handlers }),
        ]),
      ]);
      const done = results.flat().reduce((sum, result) => sum + result.done, 0);
      expect(done).toBe(3);
    } finally {
      await other.close();
    }
    expect(received.map((push) => push.path).sort()).toEqual(buyers.map((buyer) => `/push/${buyer.buyerId}`).sort());
  });

  it("the hourly scan reminds of an after-sales line stopping in 2 days and of a parcel waiting 2 days, once each", async () => {
    const { buyerId, line } = await subscribedBuyer();
    await codeNotice(line, "8-8-5000", at(2 * HOUR));
    await transitionOrder(db, { buyerId, orderId: line.orderId, transition: "deliver", now: at(3 * HOUR) });
    await transitionOrder(db, { buyerId, orderId: line.orderId, transition: "complete", now: at(4 * HOUR) });
    const [binding] = await db.select().from(bindings).where(eq(bindings.id, line.bindingId));
    const now = new Date((binding.endsAt as Date).getTime() - 36 * HOUR);
    const written = await db.transaction((tx) => scanReminders(tx, now));
    expect(written).toBeGreaterThanOrEqual(1);
    const rows = await db.select().from(reminders).where(eq(reminders.buyerId, buyerId));
    expect(rows.map((row) => row.kind).sort()).toEqual(["code_arrived", "line_stopping", "parcel_waiting"].sort());
    expect(rows.find((row) => row.kind === "line_stopping")?.url).toBe(`/orders/${line.orderId}`);
    expect(await db.transaction((tx) => scanReminders(tx, now))).toBe(0);
  });
});
