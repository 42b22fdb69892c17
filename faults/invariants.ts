import type postgres from "postgres";

/**
 * The pool's invariants as the race tests state them, as queries that return the rows breaking them:
 * every list must be empty. `now` is the database's own clock.
 */
export async function brokenInvariants(sql: postgres.Sql): Promise<Record<string, readonly unknown[]>> {
  return {
    doubleHeld: await sql`select slot_id, count(*)::int as n from bindings
      where ended_at is null and (ends_at is null or ends_at > now())
      group by slot_id having count(*) > 1`,
    overlapping: await sql`select slot_id, bound_at from (
        select slot_id, bound_at,
          lag(cool_until) over (partition by slot_id order by bound_at) as previous_cool_until,
          lag(id) over (partition by slot_id order by bound_at) as previous_id
        from bindings) t
      where previous_id is not null and (previous_cool_until is null or previous_cool_until > bound_at)`,
    heldByOld: await sql`select slot_id from bindings b where holds_slot and exists (
        select 1 from bindings later where later.slot_id = b.slot_id and later.bound_at > b.bound_at)`,
    unprotectedLines: await sql`select b.id from bindings b join orders o on o.id = b.order_id
      where o.protection <> 'protected' and b.ended_at is null and (b.ends_at is null or b.ends_at > now())`,
    // "protected" is a live or past line: at least one line, never two open at once.
    protectedWithoutALine: await sql`select o.id from orders o where o.protection = 'protected'
      and not exists (select 1 from bindings b where b.order_id = o.id)`,
    twoOpenLines: await sql`select order_id from bindings where ended_at is null
      group by order_id having count(*) > 1`,
    takenSlotsWithoutOneOpenHolder: await sql`select s.id from slots s where s.available_at is null and (
        (select count(*) from bindings b where b.slot_id = s.id and b.holds_slot) <> 1
        or (select count(*) from bindings b where b.slot_id = s.id and b.holds_slot and b.ends_at is null
          and b.ended_at is null) <> 1)`,
  };
}
