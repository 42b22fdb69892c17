import "server-only";
import { eq } from "drizzle-orm";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { z } from "zod";
import type { ActionState } from "@/lib/action-state";
import { auth } from "@/lib/auth";
import { type Db, getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { getI18n, type Translator, validationErrors } from "@/lib/i18n/server";

export type Viewer = {
  id: string;
  name: string;
  email: string;
  phoneMasked: string;
  role: "buyer" | "operator";
};

/** The signed-in account, checked against the database on every request; null when anonymous. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, phoneMasked: users.phoneMasked, role: users.role })
    .from(users)
    .where(eq(users.id, id));
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

/**
 * Every server action is a public endpoint: this checks the session itself, validates the form with
 * zod, and hands the action the viewer, the parsed input and the database.
 */
export function withBuyer<S extends z.ZodType, R extends ActionState = ActionState>(
  schema: S,
  fn: (ctx: { viewer: Viewer; input: z.infer<S>; db: Db; now: Date; t: Translator }) => Promise<NoInfer<R>>,
) {
  return async (_prev: R, formData: FormData): Promise<R> => {
    const { t } = await getI18n();
    const viewer = await getViewer();
    if (!viewer) return { status: "error", message: t("actions.sessionEnded") } as R;
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return {
        status: "error",
        message: t("validation.checkFields"),
        fieldErrors: await validationErrors(parsed.error.issues),
      } as R;
    }
    return fn({ viewer, input: parsed.data, db: await getDb(), now: new Date(), t });
  };
}
