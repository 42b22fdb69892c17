/**
 * Access inventory: every exported server action and every route handler, found by scanning the
 * source, is called without a session and must refuse. A new action or route that nobody listed
 * here and that does not check the session makes this test fail.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { contactEvents } from "@/lib/db/schema";
import { decideCall } from "@/lib/protection/relay";
import { memoryDb } from "@/lib/testing/db";
import { makeProtectedBuyer, placeProtectedOrder, STRANGER, seedRelayWorld } from "@/lib/testing/relay";

const state = vi.hoisted(() => {
  process.env.RELAY_SIGNING_SECRET = `whsec_${Buffer.from("inventory-test-secret-32-bytes!!").toString("base64")}`;
  process.env.TWILIO_AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
  return { db: undefined as unknown, authCalls: 0 };
});

vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));
// next-auth itself does not load outside Next; actions only need its error classes.
vi.mock("next-auth", () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {}
  return { AuthError, CredentialsSignin };
});
vi.mock("@/lib/auth", () => ({
  auth: async () => {
    state.authCalls += 1;
    return null;
  },
  authOrUnavailable: async () => {
    state.authCalls += 1;
    return null;
  },
  signIn: async () => {
    const { CredentialsSignin } = await import("next-auth");
    throw new CredentialsSignin();
  },
  signOut: async () => undefined,
  handlers: {
    GET: async () => Response.json(null),
    POST: async () => Response.json({ url: "http://localhost/sign-in?error=CredentialsSignin" }),
  },
}));
// The session check of getViewer (lib/dal.ts): no session cookie, counted like auth().
vi.mock("@/lib/security/session-cookie", () => ({
  readSessionClaims: async () => {
    state.authCalls += 1;
    return null;
  },
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, has: () => false }),
  headers: async () => new Headers({ "x-forwarded-for": "192.0.2.10", "accept-language": "en" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const ROOT = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/** Actions that are meant to work without a session, each with why. They are still called below. */
const PUBLIC_ACTIONS: Record<string, string> = {
  "app/(auth)/actions.ts#signInAction": "signing in is how a session starts (throttled per account and IP)",
  "app/(auth)/actions.ts#signUpAction": "creating an account (throttled per account and IP)",
  "app/(auth)/actions.ts#signOutAction": "ends the caller's own session, if any",
  "app/(auth)/actions.ts#setLocaleAction": "sets the language cookie only",
  "app/(auth)/actions.ts#forgotPasswordAction":
    "mails a reset link to the email's owner, if any; the same answer either way (throttled per email and IP)",
  "app/(auth)/actions.ts#resetPasswordAction": "only with a valid, unused, unexpired token from that mail",
};
/** Routes that answer without a session, each with why. */
const PUBLIC_ROUTES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts#GET": "Auth.js: session, CSRF token, providers (no personal data anonymously)",
  "app/api/auth/[...nextauth]/route.ts#POST": "Auth.js: the sign-in and sign-out endpoints themselves (throttled)",
  "app/api/health/route.ts#GET": "readiness probe: says ok or unavailable, nothing else",
  "app/unavailable/route.ts#GET":
    "the outage page a render that lost the database is sent to: fixed text and a same-site link back, no data",
};
/** The one route whose answer is a 503 by design. */
const OUTAGE_PAGE = "app/unavailable/route.ts#GET";
/** Provider-facing routes: no session, but a signature; unsigned calls get a 4xx. */
const SIGNED_PREFIX = "app/api/relay/";

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

function parse(file: string) {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}

function isExported(node: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

/** Names a module exports at its top level (functions, consts, destructured consts). */
function exportedNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name) names.push(statement.name.text);
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name)) names.push(decl.name.text);
        else if (ts.isObjectBindingPattern(decl.name)) {
          for (const el of decl.name.elements) if (ts.isIdentifier(el.name)) names.push(el.name.text);
        }
      }
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const el of statement.exportClause.elements) names.push(el.name.text);
    }
  }
  return names;
}

function hasUseServerDirective(source: ts.SourceFile): boolean {
  const first = source.statements[0];
  return (
    !!first &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === "use server"
  );
}

const files = ["app", "lib", "components"].flatMap((dir) => walk(path.join(ROOT, dir)));
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

const actions: { id: string; file: string; name: string }[] = [];
const routes: { id: string; file: string; method: string }[] = [];
const inlineServerActions: string[] = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  if (!text.includes("use server")) {
    if (!file.endsWith(`${path.sep}route.ts`)) continue;
  }
  const source = parse(file);
  if (hasUseServerDirective(source)) {
    for (const name of exportedNames(source)) actions.push({ id: `${rel(file)}#${name}`, file, name });
  } else if (/["']use server["']/.test(text)) {
    inlineServerActions.push(rel(file));
  }
  if (file.startsWith(path.join(ROOT, "app")) && file.endsWith(`${path.sep}route.ts`)) {
    for (const name of exportedNames(source).filter((n) => HTTP_METHODS.has(n))) {
      routes.push({ id: `${rel(file)}#${name}`, file, method: name });
    }
  }
}

/** One form with every field any action reads, each valid and pointing at a real buyer's rows. */
let form: Record<string, string> = {};
let handle: DbHandle;

async function rowCounts(): Promise<Record<string, number>> {
  const db = handle.db;
  const result = await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const tables = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { table_name: string }[];
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const r = await db.execute(
      sql.raw(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as h from "${table_name}" t`,
      ),
    );
    const [row] = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { n: number; h: string }[];
    counts[table_name] = row.n;
    counts[`${table_name}#hash`] = row.h as unknown as number;
  }
  return counts;
}

function formData(): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(form)) data.set(key, value);
  return data;
}

beforeAll(async () => {
  handle = await memoryDb();
  state.db = handle.db;
  const { merchantId } = await seedRelayWorld(handle.db, { size: 10 });
  const buyer = await makeProtectedBuyer(handle.db);
  const now = new Date();
  const line = await placeProtectedOrder(handle.db, { buyerId: buyer.id, merchantId, now });
  await decideCall(handle.db, { host: line.host, extension: line.extension, caller: STRANGER, now });
  const [event] = await handle.db.select({ id: contactEvents.id }).from(contactEvents);
  form = {
    orderId: line.orderId,
    contactEventId: String(event.id),
    mode: "end",
    merchantId: String(merchantId),
    transition: "cancel",
    days: "1",
    password: "a long enough password",
    identifier: "someone@example.com",
    name: "Anonymous Caller",
    email: `inventory-${Date.now()}@example.com`,
    phone: "13912345678",
    locale: "zh-CN",
    next: "/orders",
  };
});

afterAll(async () => {
  await handle?.close();
});

describe("inventory of server actions and route handlers", () => {
  it("finds the actions and routes, and every public one is still there", () => {
    expect(actions.length).toBeGreaterThanOrEqual(10);
    expect(routes.length).toBeGreaterThanOrEqual(8);
    const found = new Set([...actions, ...routes].map((entry) => entry.id));
    for (const id of [...Object.keys(PUBLIC_ACTIONS), ...Object.keys(PUBLIC_ROUTES)]) expect(found).toContain(id);
  });

  it("has no inline 'use server' functions (they could not be listed here)", () => {
    expect(inlineServerActions).toEqual([]);
  });

  it("every server action refuses an anonymous call and writes nothing", async () => {
    const exercised: string[] = [];
    const failures: string[] = [];
    for (const action of actions) {
      const mod = (await import(action.file)) as Record<string, unknown>;
      const fn = mod[action.name];
      expect(typeof fn, action.id).toBe("function");
      const before = await rowCounts();
      const authBefore = state.authCalls;
      let result: unknown;
      let plainForm = false;
      try {
        // Public actions get an empty form (a full one would rightly sign up); the others get every field, valid.
        const data = PUBLIC_ACTIONS[action.id] ? new FormData() : formData();
        // A plain form action takes the form alone and has no state to answer in.
        plainForm = (fn as (...args: unknown[]) => unknown).length === 1;
        result = plainForm
          ? await (fn as (data: FormData) => Promise<unknown>)(data)
          : await (fn as (prev: unknown, data: FormData) => Promise<unknown>)({ status: "idle" }, data);
      } catch (error) {
        result = { thrown: String(error) };
      }
      const after = await rowCounts();
      exercised.push(action.id);
      if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${action.id} wrote to the database`);
      if (PUBLIC_ACTIONS[action.id]) continue;
      const status = (result as { status?: string } | undefined)?.status;
      // A plain form refuses by sending the caller to sign-in; an action with state, by an error.
      const refused = plainForm
        ? String((result as { thrown?: string } | undefined)?.thrown ?? "").startsWith("Error: NEXT_REDIRECT /sign-in")
        : status === "error";
      if (!refused) failures.push(`${action.id} answered ${JSON.stringify(result)} without a session`);
      if (state.authCalls === authBefore) failures.push(`${action.id} never asked for the session`);
    }
    expect(failures).toEqual([]);
    expect(exercised.sort()).toEqual(actions.map((a) => a.id).sort());
  });

  it("every route handler refuses an anonymous or unsigned call and writes nothing", async () => {
    const exercised: string[] = [];
    const failures: string[] = [];
    for (const route of routes) {
      const mod = (await import(route.file)) as Record<string, unknown>;
      const handler = mod[route.method] as (request: Request, ctx: unknown) => Promise<Response>;
      const urlPath = `/${rel(route.file)
        .replace(/^app\//, "")
        .replace(/\/route\.ts$/, "")}`.replace("[...nextauth]", "callback/credentials");
      const body = new URLSearchParams(form).toString();
      const request = new Request(`http://localhost:3000${urlPath}`, {
        method: route.method,
        headers: route.method === "GET" ? {} : { "content-type": "application/x-www-form-urlencoded" },
        body: route.method === "GET" || route.method === "HEAD" ? undefined : body,
      });
      const before = await rowCounts();
      const response = await handler(request, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
      const text = await response.text();
      const after = await rowCounts();
      exercised.push(route.id);
      if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${route.id} wrote to the database`);
      if (PUBLIC_ROUTES[route.id]) {
        const designed = route.id === OUTAGE_PAGE && response.status === 503;
        if (response.status >= 500 && !designed) failures.push(`${route.id} failed with ${response.status}`);
        continue;
      }
      const expected = route.id.startsWith(SIGNED_PREFIX) ? [400, 401, 403, 404, 405, 413, 415] : [401, 403, 404];
      if (!expected.includes(response.status))
        failures.push(`${route.id} answered ${response.status}: ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(exercised.sort()).toEqual(routes.map((r) => r.id).sort());
  });
});
