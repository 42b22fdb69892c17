import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { type OperatorEventKind, operatorEvents, users } from "@/lib/db/schema";

/** The signed-in operator a change is made by. */
export type OperatorRef = { id: string };

export type OperatorEventDetail = Record<string, string | number>;

/** Records one operator change; call it inside the transaction that makes the change. */
export async function recordOperatorEvent(
  db: Executor,
  {
    operator,
    kind,
    detail,
    now,
  }: { operator: OperatorRef; kind: OperatorEventKind; detail: OperatorEventDetail; now: Date },
): Promise<void> {
  await db.insert(operatorEvents).values({ operatorId: operator.id, kind, detail, at: now });
}

export type OperatorEventDto = {
  id: number;
  kind: OperatorEventKind;
  detail: OperatorEventDetail;
  at: Date;
  operatorName: string;
  operatorEmail: string;
};

/** The audit log, newest first. */
export async function listOperatorEvents(
  db: Executor,
  { limit = 50 }: { limit?: number } = {},
): Promise<OperatorEventDto[]> {
  return db
    .select({
      id: operatorEvents.id,
      kind: operatorEvents.kind,
      detail: operatorEvents.detail,
      at: operatorEvents.at,
      operatorName: users.name,
      operatorEmail: users.email,
    })
    .from(operatorEvents)
    .innerJoin(users, eq(users.id, operatorEvents.operatorId))
    .orderBy(desc(operatorEvents.at), desc(operatorEvents.id))
    .limit(limit);
}

/** `wa***@example.com`: enough for an operator to recognise, nothing to identify a buyer once erased. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  const local = email.slice(0, at);
  const keep = local.length > 2 ? 2 : 1;
  return `${local.slice(0, keep)}***${email.slice(at)}`;
}
