import { cpus, totalmem } from "node:os";
import type { DbHandle } from "@/lib/db/client";
import { EXTENSIONS_PER_HOST } from "@/lib/operator/hosts";
import { serverDb } from "@/lib/testing/db";

export const SERVER_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

/** A fresh, migrated database on the bench server, dropped by `close`. */
export function freshServerDb({ max = 10 }: { max?: number } = {}): Promise<DbHandle & { url: string }> {
  return serverDb({ max, base: SERVER_URL, prefix: "onp_bench" });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function numberArg(name: string, fallback: number): number {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const raw = flag ? flag.slice(name.length + 3) : process.env[`BENCH_${name.toUpperCase().replaceAll("-", "_")}`];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? value : fallback;
}

export function machine(): string {
  return `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

/** The id of bench buyer `g` of `tag` (1-based), as SQL: `bench/allocation-server.ts`'s pgbench script names buyers by it. */
export function benchBuyerIdSql(tag: string, g: string): string {
  return `md5('bench-${tag}-' || (${g}))::uuid`;
}

/** Bench buyers straight in SQL (no argon2: they never sign in), protection on so placeOrder allocates. */
export function insertBuyersSql(count: number, tag: string): string {
  return `
    insert into users (id, name, email, phone_ciphertext, phone_hash, phone_masked, password_hash)
    select ${benchBuyerIdSql(tag, "g")}, 'Bench ' || g, 'bench-${tag}-' || g || '@example.com', 'x', 'bench-${tag}-' || g, '138****0000', 'x'
    from generate_series(1, ${count}) g;
    insert into protection_settings (buyer_id, enabled)
    select id, true from users where email like 'bench-${tag}-%';`;
}

/** `hosts` host numbers with all their slots, inserted with generate_series. */
export function insertPoolSql(hosts: number, firstHost = 1): string {
  return `
    insert into host_numbers (number)
    select '170' || lpad(g::text, 8, '0') from generate_series(${firstHost}, ${firstHost + hosts - 1}) g;
    insert into slots (host_id, extension, rand_key)
    select h.id, lpad(e::text, 4, '0'), floor(random() * 2147483647)::int
    from host_numbers h cross join generate_series(0, ${EXTENSIONS_PER_HOST - 1}) e
    where h.number between '170' || lpad('${firstHost}', 8, '0') and '170' || lpad('${firstHost + hosts - 1}', 8, '0');`;
}

/**
 * Takes `bound` slots with live lines (open orders) and `cooling` slots whose lines ended and still cool
 * down, chosen at random, owned by one filler buyer: the state of a pool in long use.
 */
export function occupySql({
  bound,
  cooling,
  buyerEmail,
}: {
  bound: number;
  cooling: number;
  buyerEmail: string;
}): string {
  const total = bound + cooling;
  return `
    create temp table filler as
      select id as slot_id, gen_random_uuid() as order_id, row_number() over () as rn
      from (select id from slots where available_at <= now() order by random() limit ${total}) picked;
    insert into orders (id, order_no, buyer_id, merchant_id, item, amount_cents, recipient_name, address,
                        status, protection, placed_at, completed_at)
      select f.order_id, 'F' || f.rn, u.id, (select min(id) from merchants), 'filler', 100, 'X', 'Y',
             case when f.rn <= ${bound} then 'awaiting_shipment' else 'completed' end, 'protected',
             now() - interval '40 days', case when f.rn <= ${bound} then null else now() - interval '20 days' end
      from filler f, users u where u.email = '${buyerEmail}';
    insert into bindings (slot_id, order_id, buyer_id, bound_at, ends_at, cool_until)
      select f.slot_id, f.order_id, u.id, now() - interval '40 days',
             case when f.rn <= ${bound} then null else now() - interval '5 days' end,
             case when f.rn <= ${bound} then null else now() + interval '25 days' end
      from filler f, users u where u.email = '${buyerEmail}';
    update slots s set available_at = case when f.rn <= ${bound} then null else now() + interval '25 days' end
      from filler f where s.id = f.slot_id;
    drop table filler;`;
}

/** Signs in through the Auth.js credentials callback; returns the Cookie header of the session. */
export async function signIn(base: string, identifier: string, pass: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  keep(csrf);
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ identifier, password: pass, csrfToken, callbackUrl: `${base}/orders` }),
  });
  keep(response);
  if (![...jar.keys()].some((k) => k.includes("session-token")))
    throw new Error(`sign-in as ${identifier} gave no session cookie (${response.status})`);
  return header();
}

/** Polls `url` until it answers 2xx; throws with the server log after `timeoutMs`. */
export async function waitFor(url: string, timeoutMs: number, log: string[]): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      // A connection that never completes must not hold the bench for ever.
      if ((await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`server did not answer ${url}:\n${log.join("")}`);
}
