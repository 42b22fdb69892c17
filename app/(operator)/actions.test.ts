/**
 * The operator's server actions called as a buyer (refused, nothing written) and as the operator
 * (validated, applied, recorded), through the real session check (a live session row joined to its
 * account) with the cookie's decryption stubbed out.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { authSessions, users } from "@/lib/db/schema";
import { memoryDb } from "@/lib/testing/db";
import { rows } from "@/lib/testing/protection";

const state = vi.hoisted(() => ({ db: undefined as unknown, claims: null as { userId: string; sid: string } | null }));

vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {}
  return { AuthError, CredentialsSignin };
});
vi.mock("@/lib/security/session-cookie", () => ({ readSessionClaims: async () => state.claims }));
vi.mock("@/lib/auth", () => ({
  auth: async () => null,
  authOrUnavailable: async () => null,
  signIn: async () => undefined,
  signOut: async () => undefined,
  handlers: {},
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, has: () => false }),
  headers: async () => new Headers({ "accept-language": "en" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const actions = await import("./actions");

let handle: DbHandle;
let buyerId: string;
let operatorId: string;
let hostId: number;

async function insertUser(role: "buyer" | "operator"): Promise<string> {
  const id = randomUUID();
  await handle.db.insert(users).values({
    id,
    name: role === "operator" ? "Ops Desk" : "Li Wei",
    email: `${role}-${id.slice(0, 8)}@example.com`,
    phoneCiphertext: "not-used",
    phoneHash: `hash-${id}`,
    phoneMasked: "139****0000",
    passwordHash: "not-used",
    role,
  });
  return id;
}

/** Acts as `userId` from now on (a live session row of theirs), or as nobody. */
async function actAs(userId: string | null): Promise<void> {
  if (!userId) {
    state.claims = null;
    return;
  }
  const [row] = await handle.db
    .insert(authSessions)
    .values({ userId, expiresAt: new Date(Date.now() + 60 * 60 * 1000) })
    .returning({ id: authSessions.id });
  state.claims = { userId, sid: row.id };
}

/** Row count and content hash of each table an operator action can touch. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ["operator_events", "rollout_settings", "rollout_accounts", "host_numbers", "slots"]) {
    const [row] = rows<{ n: number; h: string }>(
      await handle.db.execute(
        sql.raw(
          `select count(*)::int as n, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as h from "${table}" t`,
        ),
      ),
    );
    out[table] = `${row.n}:${row.h}`;
  }
  return out;
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

type Call = [name: keyof typeof actions, fields: Record<string, string>];
const validCalls = (): Call[] => [
  ["setRolloutPercentageAction", { percentage: "40" }],
  ["addRolloutAccountAction", { email: "someone@example.com", list: "allow" }],
  ["removeRolloutAccountAction", { email: "listed@example.com" }],
  ["addHostAction", { number: "17000000009" }],
  ["setHostStatusAction", { hostId: String(hostId), status: "locked" }],
];

const call = (name: keyof typeof actions, fields: Record<string, string>) =>
  (
    actions[name] as (
      prev: unknown,
      data: FormData,
    ) => Promise<{ status: string; message?: string; fieldErrors?: Record<string, string[]> }>
  )({ status: "idle" }, form(fields));

beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
  buyerId = await insertUser("buyer");
  operatorId = await insertUser("operator");
  await handle.db.execute(sql`insert into rollout_accounts (email, list) values ('listed@example.com', 'hold_out')`);
  const [host] = rows<{ id: number }>(
    await handle.db.execute(sql`insert into host_numbers (number) values ('17000000001') returning id`),
  );
  hostId = Number(host.id);
});
afterAll(async () => {
  await handle?.close();
});

describe("operator actions", () => {
  it("are exactly the five the console uses, each covered here", () => {
    expect(Object.keys(actions).sort()).toEqual(
      validCalls()
        .map(([name]) => name)
        .sort(),
    );
  });

  it("refuse a buyer's valid call with an error and write nothing", async () => {
    await actAs(buyerId);
    for (const [name, fields] of validCalls()) {
      const before = await snapshot();
      const result = await call(name, fields);
      expect(result, name).toEqual({ status: "error", message: "Only operators can do this. Nothing was changed." });
      expect(await snapshot(), name).toEqual(before);
    }
  });

  it("refuse an anonymous call", async () => {
    await actAs(null);
    for (const [name, fields] of validCalls()) {
      expect((await call(name, fields)).status, name).toBe("error");
    }
  });

  it("refuse bad input field by field and write nothing", async () => {
    await actAs(operatorId);
    const bad: [keyof typeof actions, Record<string, string>, string][] = [
      ["setRolloutPercentageAction", { percentage: "101" }, "percentage"],
      ["setRolloutPercentageAction", { percentage: "12.5" }, "percentage"],
      ["setRolloutPercentageAction", { percentage: "lots" }, "percentage"],
      ["setRolloutPercentageAction", { percentage: "" }, "percentage"],
      ["setRolloutPercentageAction", { percentage: " " }, "percentage"],
      ["setRolloutPercentageAction", { percentage: "0x10" }, "percentage"],
      ["setRolloutPercentageAction", { percentage: "1e1" }, "percentage"],
      ["setRolloutPercentageAction", { percentage: "+5" }, "percentage"],
      ["addRolloutAccountAction", { email: "not-an-email", list: "allow" }, "email"],
      ["addRolloutAccountAction", { email: "a@example.com", list: "everyone" }, "list"],
      ["addHostAction", { number: "12345" }, "number"],
      ["addHostAction", { number: "17000000001" }, "number"],
      ["setHostStatusAction", { hostId: String(hostId), status: "deleted" }, "status"],
    ];
    for (const [name, fields, field] of bad) {
      const before = await snapshot();
      const result = await call(name, fields);
      expect(result.status, `${name} ${JSON.stringify(fields)}`).toBe("error");
      expect(result.fieldErrors?.[field]?.length, `${name} ${JSON.stringify(fields)}`).toBeGreaterThan(0);
      expect(await snapshot(), name).toEqual(before);
    }
    const before = await snapshot();
    expect(await call("setHostStatusAction", { hostId: String(hostId + 100), status: "locked" })).toEqual({
      status: "error",
      message: "That host number does not exist.",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("apply the operator's valid calls, each recorded", async () => {
    await actAs(operatorId);
    const messages: string[] = [];
    for (const [name, fields] of validCalls()) {
      const result = await call(name, fields);
      expect(result.status, `${name}: ${result.message}`).toBe("success");
      messages.push(result.message ?? "");
    }
    expect(messages).toEqual([
      "Rollout set to 40% (was 0%).",
      "someone@example.com is on the allow-list now.",
      "listed@example.com removed from the hold-out list.",
      "170 0000 0009 added with 10,000 free slots.",
      "170 0000 0001 is locked now.",
    ]);
    const log = rows<{ kind: string; operator_id: string }>(
      await handle.db.execute(sql`select kind, operator_id from operator_events order by id`),
    );
    expect(log).toEqual(
      ["rollout_percentage", "rollout_list_add", "rollout_list_remove", "host_added", "host_status"].map((kind) => ({
        kind,
        operator_id: operatorId,
      })),
    );
  });

  it("check the role on every call: an operator demoted to buyer is refused at once", async () => {
    await actAs(operatorId);
    await handle.db.execute(sql`update users set role = 'buyer' where id = ${operatorId}`);
    const result = await call("setRolloutPercentageAction", { percentage: "10" });
    expect(result.message).toBe("Only operators can do this. Nothing was changed.");
    await handle.db.execute(sql`update users set role = 'operator' where id = ${operatorId}`);
  });
});
