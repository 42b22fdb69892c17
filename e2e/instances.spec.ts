/**
 * Several app instances on one PostgreSQL database: two `next start` processes on two ports, started
 * at once on an empty database, with the buyer flows, the relay, sessions and rate limits alternating
 * between them. No correctness lives in process memory, so each instance sees what the other did.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import postgres from "postgres";
import { signRelayRequest } from "../lib/relay/sign";
import { vapidEnv } from "../lib/reminders/vapid";
import { expect, signIn, signOut, signUp, test, uniquePhone } from "./fixtures";
import { OperatorConsole, spaced } from "./pages/operator";
import { OrderPage } from "./pages/order";
import { OrdersPage } from "./pages/orders";
import { PrivacyPage } from "./pages/privacy";
import { dialledLine } from "./relay";

const SERVER = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const BASE_PORT = Number(process.env.E2E_PORT || 3100);
const PORTS = [BASE_PORT + 1, BASE_PORT + 2];
const ORIGINS = PORTS.map((port) => `http://127.0.0.1:${port}`);
const [A, B] = ORIGINS;
const STRANGER = "13511112222";
const SIGN_IN_LIMIT = 5;

const secret = (bytes = 32) => randomBytes(bytes).toString("base64");
const SECRETS = {
  AUTH_SECRET: secret(),
  PHONE_ENCRYPTION_KEY: secret(),
  PHONE_HASH_KEY: secret(),
  RELAY_SIGNING_SECRET: `whsec_${secret()}`,
  TWILIO_AUTH_TOKEN: randomBytes(16).toString("hex"),
  ...vapidEnv(),
};

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

// Both instances start together and share state only through the database; the file runs alone.
test.describe.configure({ mode: "serial" });

test.describe("two instances, one database", { tag: ["@operator", "@account"] }, () => {
  const dbName = `onp_e2e_${randomBytes(6).toString("hex")}`;
  const url = withDatabase(SERVER, dbName);
  let admin: postgres.Sql;
  let sql: postgres.Sql;
  const servers: ChildProcess[] = [];
  const logs: string[][] = [[], []];

  const env = (port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    ...SECRETS,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: "4",
    DEMO_MODE: "1",
    AUTH_TRUST_HOST: "true",
    SIGN_IN_LIMIT_PER_ACCOUNT: String(SIGN_IN_LIMIT),
    SIGN_IN_LIMIT_PER_IP: "10000",
    SIGN_UP_LIMIT_PER_IP: "10000",
    RELAY_DECISION_TIMEOUT_MS: "3000",
  });

  async function healthy(origin: string, index: number): Promise<void> {
    for (let attempt = 0; attempt < 240; attempt += 1) {
      if (servers[index]?.exitCode !== null) {
        throw new Error(`instance ${origin} exited:\n${logs[index].join("")}`);
      }
      try {
        if ((await fetch(`${origin}/api/health`)).ok) return;
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`instance ${origin} never became healthy:\n${logs[index].join("")}`);
  }

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    admin = postgres(SERVER, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    try {
      await admin.unsafe(`create database ${dbName}`);
    } catch (error) {
      throw new Error(
        `The two-instance test needs a PostgreSQL server and none answered at ${SERVER} (${String(error)}). Start one or set TEST_DATABASE_URL.`,
      );
    }
    sql = postgres(url, { max: 2, onnotice: () => {} });
    // Both at once, on an empty database: the migrations must not collide.
    PORTS.forEach((port, index) => {
      const child = spawn(
        process.execPath,
        ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
        { env: env(port), detached: true, stdio: ["ignore", "pipe", "pipe"] },
      );
      child.stdout?.on("data", (chunk) => logs[index].push(String(chunk)));
      child.stderr?.on("data", (chunk) => logs[index].push(String(chunk)));
      servers.push(child);
    });
    await Promise.all(ORIGINS.map((origin, index) => healthy(origin, index)));
    // The demo world (merchants, the host-number pool, rollout at 100%, the operator), through the CLI.
    const seeded = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/db.ts", "seed"], {
      env: env(0),
      encoding: "utf8",
    });
    if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stdout}\n${seeded.stderr}`);
  });

  test.afterAll(async () => {
    for (const child of servers) {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {}
      }
    }
    await Promise.all(
      servers.map((child) => (child.exitCode !== null ? null : new Promise((resolve) => child.once("exit", resolve)))),
    );
    await sql?.end({ timeout: 5 });
    await admin?.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
    await admin?.end({ timeout: 5 });
  });

  const contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  /** A page on each instance (its own context, so relative URLs go to that instance). */
  async function pagesOnBoth(browser: Browser): Promise<{ a: Page; b: Page }> {
    const [a, b] = await Promise.all(
      ORIGINS.map(async (baseURL) => {
        const context = await browser.newContext({ baseURL });
        contexts.push(context);
        return context.newPage();
      }),
    );
    return { a, b };
  }

  /** Copies A's cookies into B's context: one browser with a tab on each instance (cookies ignore ports). */
  async function shareSession(a: Page, b: Page) {
    await b.context().addCookies(await a.context().cookies());
  }

  async function relayCall(origin: string, body: Record<string, string>, id?: string) {
    const raw = JSON.stringify(body);
    const response = await fetch(`${origin}/api/relay/call`, {
      method: "POST",
      headers: signRelayRequest({ secret: SECRETS.RELAY_SIGNING_SECRET, body: raw, id }),
      body: raw,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as { action: string; reason?: string };
  }

  test("both instances come up together on an empty database; the migrations ran once", async () => {
    const journal = JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: unknown[] };
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(n).toBe(journal.entries.length);
    for (const origin of ORIGINS) expect((await fetch(`${origin}/api/health`)).status).toBe(200);
    expect(logs.map((lines) => lines.join("")).join("\n")).not.toMatch(/\[startup\]/);
  });

  test("a buyer alternates between them; a relay webhook-id answered by one is a duplicate on the other", async ({
    browser,
  }) => {
    const { a, b } = await pagesOnBoth(browser);
    const email = `alternate-${Date.now()}@example.test`;
    await signUp(a, { name: "Two Tabs", email, phone: uniquePhone(), password: `pw-${Date.now()}-secret` });
    await expect(a).toHaveURL(/\/privacy$/);
    await shareSession(a, b);

    await new PrivacyPage(b).turnOn();
    const orderId = await new OrdersPage(a).placeTestOrder(/with a special line/);
    const order = new OrderPage(b);
    await order.goto(orderId);
    const line = await dialledLine(b.getByTestId("special-line"));

    const body = { ...line, from: STRANGER };
    const id = `msg_${randomBytes(12).toString("hex")}`;
    const first = await relayCall(A, body, id);
    expect(first).toMatchObject({ action: "forward" });
    expect(await relayCall(B, body, id)).toEqual(first);
    const [{ events }] = await sql<{ events: number }[]>`
      select count(*)::int as events from contact_events where order_id = ${orderId}`;
    expect(events).toBe(1);
    const [{ claims }] = await sql<{ claims: number }[]>`
      select count(*)::int as claims from relay_webhooks where webhook_id = ${id}`;
    expect(claims).toBe(1);

    // Ended on B: A's relay rejects the very next call.
    await order.endNow();
    expect(await relayCall(A, body)).toMatchObject({ action: "reject", reason: "ended" });
    await new OrderPage(a).goto(orderId);
    await expect(a.getByRole("list", { name: "Calls and messages" }).getByTestId("contact")).toHaveCount(2);
  });

  test("a session signed out on one instance is refused on the other", async ({ browser }) => {
    const { a, b } = await pagesOnBoth(browser);
    await signIn(a, "demo@example.com", "protect-my-number");
    await expect(a).toHaveURL(/\/orders$/);
    const saved = await a.context().cookies();
    await shareSession(a, b);
    await b.goto("/orders");
    await expect(b.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();

    await signOut(a);
    await b.context().addCookies(saved);
    await b.goto("/orders");
    await expect(b).toHaveURL(/\/sign-in\?next=%2Forders$/);
  });

  test("the sign-in limit of one account counts attempts on both instances", async ({ browser }) => {
    const { a, b } = await pagesOnBoth(browser);
    const identifier = `nobody-${Date.now()}@example.test`;
    for (let i = 0; i < SIGN_IN_LIMIT; i++) {
      const page = i % 2 === 0 ? a : b;
      await signIn(page, identifier, `wrong password ${i}`);
      await expect(page.getByRole("status")).toContainText(
        i < SIGN_IN_LIMIT - 1 ? "do not match an account" : "Too many attempts",
      );
    }
    for (const page of [a, b]) {
      await signIn(page, identifier, "still wrong");
      await expect(page.getByRole("status")).toContainText("Too many attempts");
      const direct = await page.request.post("/api/auth/callback/credentials", {
        form: { identifier, password: "guess", csrfToken: "x" },
        maxRedirects: 0,
      });
      expect(direct.status()).toBe(429);
    }
  });

  test("the operator locks a host number on one instance; the other's relay rejects its calls at once", async ({
    browser,
  }) => {
    const { a, b } = await pagesOnBoth(browser);
    const ops = new OperatorConsole(a);
    await ops.signIn();
    await signIn(b, "demo@example.com", "protect-my-number");
    await expect(b).toHaveURL(/\/orders$/);
    const orderId = await new OrdersPage(b).placeTestOrder(/with a special line/);
    await new OrderPage(b).goto(orderId);
    const line = await dialledLine(b.getByTestId("special-line"));
    const body = { ...line, from: STRANGER };
    expect(await relayCall(B, body)).toMatchObject({ action: "forward" });

    await ops.goto();
    await ops.changeHost(spaced(line.to), "Lock", "Locked");
    expect(await relayCall(B, body)).toMatchObject({ action: "reject", reason: "locked" });
    await ops.changeHost(spaced(line.to), "Unlock", "Active");
    expect(await relayCall(B, body)).toMatchObject({ action: "forward" });
  });
});
