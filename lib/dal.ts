import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { z } from "zod";
import { type ActionState, toFieldErrors } from "@/lib/action-state";
import { type Db, getDb } from "@/lib/db";
import { noteDbError } from "@/lib/db/availability";
import { authSessions, users } from "@/lib/db/schema";
import { getI18n, type Translator, validationErrors } from "@/lib/i18n/server";
import { isUuid } from "@/lib/ids";
import { readSessionClaims } from "@/lib/security/session-cookie";
import type { Messages } from "@/messages/en";

export type Viewer = {
  id: string;
  name: string;
  email: string;
  phoneMasked: string;
  role: "buyer" | "operator";
};

/**
 * The signed-in account, checked against the database on every request; null when anonymous. One query
 * per request (React `cache`): the session row named by the cookie, live (not revoked, not expired), joined
 * to its account, so sign-out or a deleted account ends access at once on every instance.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const claims = await readSessionClaims(await cookies());
  if (!claims || !isUuid(claims.sid) || !isUuid(claims.userId)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, phoneMasked: users.phoneMasked, role: users.role })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(
      and(
        eq(authSessions.id, claims.sid),
        eq(authSessions.userId, claims.userId),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, new Date()),
      ),
    );
  if (!row) return null;
  return { ...row, role: row.role === "operator" ? "operator" : "buyer" };
});

/** For pages: the viewer, or a redirect to sign-in that comes back here. */
export async function requireViewer(returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return viewer;
}

export async function requireOperator(returnTo: string): Promise<Viewer> {
  const viewer = await requireViewer(returnTo);
  if (viewer.role !== "operator") notFound();
  return viewer;
}

export type { ActionState } from "@/lib/action-state";

type SessionContext<S extends z.ZodType> = { viewer: Viewer; input: z.infer<S>; db: Db; now: Date; t: Translator };

/**
 * Every server action is a public endpoint: this checks the session itself and, for `operator`, the
 * role read from the database on this call (a demoted operator loses access with the next request);
 * anyone else gets an error and nothing runs. Then it validates the form with zod and hands the action
 * the viewer, the parsed input and the database. Operator schemas' messages are keys of the
 * `operator.validation` catalogue, buyers' of `validation`.
 */
export function withSession<S extends z.ZodType, R extends ActionState = ActionState>(
  schema: S,
  { role }: { role: "buyer" | "operator" },
  fn: (ctx: SessionContext<S>) => Promise<NoInfer<R>>,
) {
  const run = async (formData: FormData, t: Translator, messages: Messages): Promise<R> => {
    const viewer = await getViewer();
    if (!viewer) return { status: "error", message: t("actions.sessionEnded") } as R;
    if (role === "operator" && viewer.role !== "operator")
      return { status: "error", message: t("operator.notAllowed") } as R;
    const raw = Object.fromEntries(formData);
    const parsed = schema.safeParse(raw);
    if (parsed.success) return fn({ viewer, input: parsed.data, db: await getDb(), now: new Date(), t });
    if (role === "buyer") {
      return {
        status: "error",
        message: t("validation.checkFields"),
        fieldErrors: await validationErrors(parsed.error.issues),
      } as R;
    }
    // The console's forms have no secrets: what was typed comes back so the form keeps it.
    const values = Object.fromEntries(
      Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
    const fieldErrors = toFieldErrors(
      parsed.error.issues,
      (key) => t(`operator.validation.${key}` as "operator.validation.invalid"),
      messages.operator.validation,
    );
    return { status: "error", message: t("operator.validation.checkFields"), fieldErrors, values } as R;
  };
  return async (_prev: R, formData: FormData): Promise<R> => {
    const { t, messages } = await getI18n();
    try {
      return await run(formData, t, messages);
    } catch (error) {
      // The database went away under this action: say so plainly (the form stays) instead of an error page.
      if (noteDbError(error)) return { status: "error", message: t("common.unavailableAction") } as R;
      throw error;
    }
  };
}

/** Any signed-in account (an operator is a buyer too). */
export function withBuyer<S extends z.ZodType, R extends ActionState = ActionState>(
  schema: S,
  fn: (ctx: SessionContext<S>) => Promise<NoInfer<R>>,
) {
  return withSession<S, R>(schema, { role: "buyer" }, fn);
}
