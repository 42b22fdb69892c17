import "server-only";
import type { z } from "zod";
import { type ActionState, toFieldErrors } from "@/lib/action-state";
import { getViewer, type Viewer } from "@/lib/dal";
import { type Db, getDb } from "@/lib/db";
import { getI18n, type Translator } from "@/lib/i18n/server";

/**
 * `withBuyer` for the operator console: the session is checked on every call, then the role, read
 * from the database (a demoted operator loses access with the next request). Anyone else gets an
 * error and nothing runs. Schema messages are keys of the `operator.validation` catalogue.
 */
export function withOperator<S extends z.ZodType>(
  schema: S,
  fn: (ctx: { operator: Viewer; input: z.infer<S>; db: Db; now: Date; t: Translator }) => Promise<ActionState>,
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    const { t, messages } = await getI18n();
    const viewer = await getViewer();
    if (!viewer) return { status: "error", message: t("actions.sessionEnded") };
    if (viewer.role !== "operator") return { status: "error", message: t("operator.notAllowed") };
    const raw = Object.fromEntries(formData);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      // The console's forms have no secrets: what was typed comes back so the form keeps it.
      const values = Object.fromEntries(
        Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
      );
      const fieldErrors = toFieldErrors(
        parsed.error.issues,
        (key) => t(`operator.validation.${key}` as "operator.validation.invalid"),
        messages.operator.validation,
      );
      return { status: "error", message: t("operator.validation.checkFields"), fieldErrors, values };
    }
    return fn({ operator: viewer, input: parsed.data, db: await getDb(), now: new Date(), t });
  };
}
