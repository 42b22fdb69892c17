import "server-only";
import type { z } from "zod";
import type { ActionState } from "@/lib/action-state";
import { type Viewer, withSession } from "@/lib/dal";
import type { Db } from "@/lib/db";
import type { Translator } from "@/lib/i18n/server";

/** `withSession` for the operator console: only accounts whose role is `operator` get past it. */
export function withOperator<S extends z.ZodType>(
  schema: S,
  fn: (ctx: { operator: Viewer; input: z.infer<S>; db: Db; now: Date; t: Translator }) => Promise<ActionState>,
) {
  return withSession(schema, { role: "operator" }, ({ viewer, ...rest }) => fn({ operator: viewer, ...rest }));
}
