"use server";

import { z } from "zod";
import { signOut } from "@/lib/auth";
import { withBuyer } from "@/lib/dal";
import { getI18n } from "@/lib/i18n/server";
import { deleteAccount } from "@/lib/privacy/delete-account";
import { confirmPassword } from "@/lib/privacy/reauth";

const deleteSchema = z.object({
  password: z.string({ error: "passwordRequired" }).min(1, "passwordRequired").max(128, "passwordTooLong"),
});

/** "Delete my account" (PIPL): behind the password; ends every line, erases personal data, signs out everywhere. */
export const deleteAccountAction = withBuyer(deleteSchema, async ({ viewer, db, now, input }) => {
  const { t } = await getI18n();
  const check = await confirmPassword(db, { userId: viewer.id, password: input.password, now });
  if (!check.ok) {
    const message =
      check.reason === "too_many"
        ? t("security.tooManyAttempts", { minutes: check.minutes })
        : t("account.deleteWrongPassword");
    return { status: "error", message, fieldErrors: { password: [message] } };
  }
  const result = await deleteAccount(db, { buyerId: viewer.id, now });
  if (!result.ok) return { status: "error", message: t("actions.sessionEnded") };
  await signOut({ redirectTo: "/sign-in" });
  return { status: "success" };
});
