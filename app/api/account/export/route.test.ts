/**
 * The data download as the account page's form posts it: a real request to the route handler, a real
 * session (Auth.js cookie and session row), the real password check and rate limit.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createAccount } from "@/lib/accounts";
import type { DbHandle } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { memoryDb } from "@/lib/testing/db";
import { formRequest, requestContext, signInAs } from "@/lib/testing/session";

const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));
vi.mock("next/headers", async () => (await import("@/lib/testing/session")).nextHeaders);

const { POST } = await import("./route");

const PASSWORD = "a long enough password";
let handle: DbHandle;
let serial = 0;

beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
});
afterAll(async () => handle?.close());
beforeEach(() => requestContext.reset());

/** A fresh buyer, signed in; each has its own re-entry limit. */
async function signedInBuyer() {
  serial += 1;
  const phone = `1391234${String(serial).padStart(4, "0")}`;
  const created = await createAccount(handle.db, {
    name: "Li Wei",
    email: `export-${serial}@example.com`,
    phone,
    password: PASSWORD,
  });
  if (!created.ok) throw new Error("account not created");
  await signInAs(handle.db, { userId: created.account.id });
  return { id: created.account.id, phone };
}

const download = (fields: Record<string, string>, options?: { origin?: string | null }) =>
  POST(formRequest("/api/account/export", fields, options));

describe("POST /api/account/export", () => {
  it("gives the full number only with the account's password", async () => {
    const buyer = await signedInBuyer();
    const response = await download({ password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const data = await response.json();
    expect(data.account).toMatchObject({ id: buyer.id, mobile: buyer.phone, mobileShown: "full" });
  });

  it("sends a wrong password back to the account page, without the number", async () => {
    const buyer = await signedInBuyer();
    const response = await download({ password: `${PASSWORD}!` });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account?export=wrong-password");
    expect(await response.text()).not.toContain(buyer.phone);
  });

  it("without a password, the file shows the number masked", async () => {
    const buyer = await signedInBuyer();
    const response = await download({});
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(buyer.phone);
    expect(JSON.parse(text).account).toMatchObject({
      mobile: `${buyer.phone.slice(0, 3)}****${buyer.phone.slice(-4)}`,
      mobileShown: "masked",
    });
  });

  it("after too many wrong passwords, even the right one waits, and the page says how long", async () => {
    const buyer = await signedInBuyer();
    for (let i = 0; i < 5; i += 1) {
      expect((await download({ password: "not the password" })).headers.get("location")).toContain("wrong-password");
    }
    const response = await download({ password: PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/account\?export=too-many&minutes=(1[0-5]|[1-9])$/);
    expect(await response.text()).not.toContain(buyer.phone);
  });

  it("refuses a cross-site request, even with the right password", async () => {
    const buyer = await signedInBuyer();
    for (const origin of ["https://evil.example", "http://localhost:3001", "null"]) {
      const response = await download({ password: PASSWORD }, { origin });
      expect(response.status, origin).toBe(403);
      expect(await response.json()).toEqual({ error: "cross_site" });
    }
    // The same buyer from the app's own origin, or a client that sends no Origin, gets the file.
    expect((await download({ password: PASSWORD })).status).toBe(200);
    const noOrigin = await download({ password: PASSWORD }, { origin: null });
    expect((await noOrigin.json()).account.mobile).toBe(buyer.phone);
  });

  it("behind a proxy, compares the Origin with the forwarded host", async () => {
    await signedInBuyer();
    const request = (forwarded: string) => {
      const base = formRequest("/api/account/export", {}, { origin: "https://shop.example" });
      base.headers.set("x-forwarded-host", forwarded);
      return base;
    };
    expect((await POST(request("shop.example"))).status).toBe(200);
    expect((await POST(request("other.example"))).status).toBe(403);
  });

  it("refuses an anonymous request and a body that is not a form", async () => {
    const anonymous = await download({ password: PASSWORD });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "unauthenticated" });

    await signedInBuyer();
    const notAForm = new Request("http://localhost:3000/api/account/export", {
      method: "POST",
      headers: { "content-type": "application/json", host: "localhost:3000", origin: "http://localhost:3000" },
      body: "{}",
    });
    const response = await POST(notAForm);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "bad_request", message: "Send the account page's form." });
  });

  it("an account erased while its session still reads (deletion in progress) gets nothing", async () => {
    const buyer = await signedInBuyer();
    await handle.db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, buyer.id));
    const response = await download({});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthenticated" });
  });
});
