"use server";

import { eq } from "drizzle-orm";
import { z } from "zod";
import type { ActionState } from "@/lib/action-state";
import { withBuyer } from "@/lib/dal";
import { merchants } from "@/lib/db/schema";
import { isDemoMode } from "@/lib/env";
import type { Translator } from "@/lib/i18n/server";
import { moveCompletionBack, placeOrder, transitionOrder } from "@/lib/protection/orders";
import { TRANSITIONS } from "@/lib/protection/rules";
import { decimalInt } from "@/lib/validation";
import { orderIdSchema, orderMissing, refresh } from "./common";

// Demo mode only: these stand in for the shop and courier moving an order along.

function testerOnly(t: Translator): ActionState | null {
  return isDemoMode() ? null : { status: "error", message: t("tester.off") };
}

const TEST_ITEMS = ["Wireless mouse", "Green tea, 100 g", "Phone case", "Desk lamp", "Notebook set", "Hand cream"];

export const placeTestOrderAction = withBuyer(
  z.object({
    merchantId: decimalInt("merchantRequired", { min: 1 }),
  }),
  async ({ viewer, db, now, input, t }) => {
    const refused = testerOnly(t);
    if (refused) return refused;
    const [merchant] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, input.merchantId));
    if (!merchant) {
      const message = t("validation.merchantRequired");
      return { status: "error", message, fieldErrors: { merchantId: [message] } };
    }
    const item = TEST_ITEMS[now.getTime() % TEST_ITEMS.length];
    const result = await placeOrder(db, {
      buyerId: viewer.id,
      merchantId: merchant.id,
      item,
      amountCents: 1_000 + (now.getTime() % 20_000),
      recipientName: viewer.name,
      address: "Room 501, 12 Test Street, Binjiang District, Hangzhou",
      now,
    });
    refresh(result.orderId);
    const messages = {
      protected: t("tester.placedProtected", { orderNo: result.orderNo }),
      pending: t("tester.placedPending", { orderNo: result.orderNo }),
      real_number: t("tester.placedPlain", { orderNo: result.orderNo }),
    };
    return { status: result.protection === "pending" ? "error" : "success", message: messages[result.protection] };
  },
);

export const testerTransitionAction = withBuyer(
  orderIdSchema.extend({
    transition: z.enum(TRANSITIONS, { error: "transitionInvalid" }),
  }),
  async ({ viewer, db, now, input, t }) => {
    const refused = testerOnly(t);
    if (refused) return refused;
    const result = await transitionOrder(db, {
      buyerId: viewer.id,
      orderId: input.orderId,
      transition: input.transition,
      now,
    });
    if (!result.ok) {
      return result.reason === "not_found" ? orderMissing(t) : { status: "error", message: t("tester.invalidStep") };
    }
    refresh(input.orderId);
    return { status: "success", message: t("tester.updated") };
  },
);

export const moveCompletionBackAction = withBuyer(
  orderIdSchema.extend({
    days: z.coerce.number({ error: "daysNumber" }).int("daysWhole").min(1, "daysMin").max(365, "daysMax"),
  }),
  async ({ viewer, db, input, t }) => {
    const refused = testerOnly(t);
    if (refused) return refused;
    const result = await moveCompletionBack(db, { buyerId: viewer.id, orderId: input.orderId, daysBack: input.days });
    if (!result.ok) {
      return result.reason === "not_found" ? orderMissing(t) : { status: "error", message: t("tester.onlyCompleted") };
    }
    refresh(input.orderId);
    return { status: "success", message: t("tester.movedBack", { days: input.days }) };
  },
);
