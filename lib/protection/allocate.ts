import "server-only";
import { randomInt } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { providerLineBound } from "@/lib/alibaba/commands";
import { isAlibaba } from "@/lib/alibaba/config";
import type { Executor } from "@/lib/db";
import { resultRows } from "@/lib/db/client";
import type { OrderStatus } from "@/lib/db/schema";
import { isOpen } from "./rules";

export type PlaceOrderInput = {
  buyerId: string;
  merchantId: number;
  item: string;
  amountCents: number;
  recipientName: string;
  address: string;
  now: Date;
};

export type AllocateResult =
  | { ok: true; bindingId: string; host: string; extension: string }
  | { ok: false; reason: "pool_exhausted" | "already_protected" | "not_open" | "not_found" };

type Bound = { binding_id: string; host: string; extension: string };

const RAND_RANGE = 2 ** 31 - 1;

/**
 * The common table expressions that bind one free slot to the order named by a `target (order_id,
 * buyer_id)` expression defined before them, all inside the caller's one statement:
 *
 * - `pick` takes the first free slot of an active host at or past a random point of the key space,
 *   skipping rows other allocations hold, so concurrent allocations neither wait on each other nor
 *   deadlock. Only when nothing lies past that point does it wrap round to the start: the second
 *   branch of the `union all` is never executed once the first has returned a row, so an allocation
 *   locks exactly one slot (a second locked slot would be kept from every other allocation until
 *   this one commits);
 * - with `reclaim`, `pick` first takes back the slot the order's own ended line still holds: ending
 *   and protecting an order again then costs the pool nothing;
 * - `released` lets go of the slot's previous (cooled-down) holder, and `bound` inserts the binding
 *   only after it (it reads `released`), so the partial unique index sees one holder at a time;
 * - `taken` marks the slot bound.
 *
 * `placed`, when given, is a CTE of that name defined right after `pick` (it may read it): nothing is
 * released or bound unless it returned a row.
 *
 * The partial unique index and the cool-down trigger on bindings have the last word.
 */
function bindCtes(now: Date, placed?: SQL, { reclaim = false }: { reclaim?: boolean } = {}): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  // The slot the order's own ended line still holds, cooling or not (see drizzle/0007).
  const own = sql`
    select s.id, s.extension, h.number as host
    from bindings b join slots s on s.id = b.slot_id join host_numbers h on h.id = s.host_id
    where b.order_id = (select order_id from target) and b.holds_slot and b.ended_at is not null
      and h.status = 'active'
    order by b.bound_at desc
    limit 1
    for update of s skip locked`;
  const start = randomInt(RAND_RANGE);
  const free = (from: SQL) => sql`
    select s.id, s.extension, h.number as host
    from slots s join host_numbers h on h.id = s.host_id
    where exists (select 1 from target) and s.available_at <= ${at} and h.status = 'active' and ${from}
    order by s.rand_key
    limit 1
    for update of s skip locked`;
  return sql`
    pick as materialized (
      ${reclaim ? sql`select * from (${own}) own union all` : sql``}
      select * from (${free(sql`s.rand_key >= ${start}`)}) past
      union all
      select * from (${free(sql`s.rand_key < ${start}`)}) wrapped
      limit 1
    ),
    ${placed ? sql`placed as (${placed}),` : sql``}
    released as (
      update bindings b set holds_slot = false from pick
      where b.slot_id = pick.id and b.holds_slot ${placed ? sql`and exists (select 1 from placed)` : sql``}
      returning b.id
    ),
    bound as (
      insert into bindings (slot_id, order_id, buyer_id, bound_at)
      select pick.id, target.order_id, target.buyer_id, ${at}
      from pick, target
      where (select count(*) from released) >= 0 ${placed ? sql`and exists (select 1 from placed)` : sql``}
      returning id, slot_id
    ),
    taken as (
      update slots s set available_at = null from bound where s.id = bound.slot_id returning s.id
    )`;
}

/**
 * Places an order and, when the buyer's protection is on, binds it a line in the same statement:
 * one round trip for the whole placement, all of it or nothing. The order is `protected` when a slot
 * was free, `pending` when protection is on but the pool is exhausted, and on the real number otherwise.
 * Null when the order number is already taken: nothing was written, and the caller draws another.
 * With a routing provider (Alibaba) the bind command is written in the same transaction.
 */
export async function placeWithLine(
  db: Executor,
  order: PlaceOrderInput & { id: string; orderNo: string },
): Promise<{ protection: "protected" | "pending" | "real_number" } | null> {
  if (!isAlibaba()) return placeStatement(db, order);
  return db.transaction(async (tx) => placeStatement(tx, order));
}

async function placeStatement(
  db: Executor,
  order: PlaceOrderInput & { id: string; orderNo: string },
): Promise<{ protection: "protected" | "pending" | "real_number" } | null> {
  const result = await db.execute(sql`
    with target as (
      select ${order.id}::uuid as order_id, ${order.buyerId}::uuid as buyer_id
      where exists (select 1 from protection_settings where buyer_id = ${order.buyerId}::uuid and enabled)
    ),
    ${bindCtes(
      order.now,
      sql`
        insert into orders (id, order_no, buyer_id, merchant_id, item, amount_cents, recipient_name, address, placed_at, protection)
        values (${order.id}::uuid, ${order.orderNo}, ${order.buyerId}::uuid, ${order.merchantId}, ${order.item},
                ${order.amountCents}, ${order.recipientName}, ${order.address}, ${order.now.toISOString()}::timestamptz,
                case when exists (select 1 from pick) then 'protected'
                     when exists (select 1 from target) then 'pending'
                     else 'real_number' end)
        on conflict (order_no) do nothing
        returning protection`,
    )}
    select protection, (select id from bound) as binding_id, (select host from pick) as host,
      (select extension from pick) as extension, (select count(*) from taken) as taken
    from placed`);
  const [row] = resultRows<{
    protection: "protected" | "pending" | "real_number";
    binding_id: string | null;
    host: string | null;
    extension: string | null;
  }>(result);
  if (row?.binding_id && row.host && row.extension) {
    await providerLineBound(db, {
      bindingId: row.binding_id,
      host: row.host,
      extension: row.extension,
      now: order.now,
    });
  }
  return row ? { protection: row.protection } : null;
}

/**
 * Binds a free slot to an open order of the buyer in one short transaction: the order is locked and
 * checked, then one statement picks, binds and marks the slot and the order (`pending` when the pool
 * is exhausted).
 */
export async function allocateLine(
  db: Executor,
  { orderId, buyerId, now }: { orderId: string; buyerId: string; now: Date },
): Promise<AllocateResult> {
  return db.transaction(async (tx) => {
    const [order] = resultRows<{ status: OrderStatus; open: boolean }>(
      await tx.execute(sql`
        select status, exists (select 1 from bindings where order_id = o.id and ended_at is null) as open
        from orders o where id = ${orderId}::uuid and buyer_id = ${buyerId}::uuid
        for update`),
    );
    if (!order) return { ok: false, reason: "not_found" } as const;
    if (!isOpen(order.status)) return { ok: false, reason: "not_open" } as const;
    if (order.open) return { ok: false, reason: "already_protected" } as const;

    const [bound] = resultRows<Bound>(
      await tx.execute(sql`
        with target as (select ${orderId}::uuid as order_id, ${buyerId}::uuid as buyer_id),
        ${bindCtes(now, undefined, { reclaim: true })},
        marked as (
          update orders set protection = case when exists (select 1 from bound) then 'protected' else 'pending' end
          where id = ${orderId}::uuid
          returning 1
        )
        select bound.id as binding_id, pick.host, pick.extension
        from bound, pick, (select count(*) from taken) t, (select count(*) from marked) m`),
    );
    if (!bound) return { ok: false, reason: "pool_exhausted" } as const;
    await providerLineBound(tx, { bindingId: bound.binding_id, host: bound.host, extension: bound.extension, now });
    return { ok: true, bindingId: bound.binding_id, host: bound.host, extension: bound.extension } as const;
  });
}
