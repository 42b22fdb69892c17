import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/lib/action-state";
import type { Translator } from "@/lib/i18n/server";

export const orderIdSchema = z.object({ orderId: z.uuid("orderMissing") });

export const orderMissing = (t: Translator): ActionState => ({
  status: "error",
  message: t("validation.orderMissing"),
});

/** The buyer's pages that show lines and orders, and the order's own page. */
export function refresh(orderId?: string) {
  revalidatePath("/privacy");
  revalidatePath("/orders");
  revalidatePath("/pickup");
  if (orderId) revalidatePath(`/orders/${orderId}`);
}
