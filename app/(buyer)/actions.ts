"use server";

import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/lib/action-state";
import { withBuyer } from "@/lib/dal";
import { merchants } from "@/lib/db/schema";
import { isDemoMode } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { endLineEarly } from "@/lib/protection/end-line";
import { extendLine } from "@/lib/protection/extend-line";
import { moveCompletionBack, placeOrder, protectOrder, transitionOrder } from "@/lib/protection/orders";
import { requestNotify, turnProtectionOff, turnProtectionOn } from "@/lib/protection/setting";

const orderIdSchema = z.object({ orderId: z.uuid("That order does not exist.") });
const NOT_FOUND: ActionState = { status: "error", message: "That order does not exist." };

function refresh(orderId?: string) {
  revalidatePath("/privacy");
  revalidatePath("/orders");
  revalidatePath("/pickup");
  if (orderId) revalidatePath(`/orders/${orderId}`);
}

export const turnOnAction = withBuyer(z.object({}), async ({ viewer, db, now }) => {
  const result = await turnProtectionOn(db, { buyerId: viewer.id, now });
  if (!result.ok) {
    return {
      status: "error",
      message: "Order number protection is not available to your account yet. Ask to be notified instead.",
    };
  }
  refresh();
  return { status: "success", message: "Protection is on. New orders get a special line." };
});

export const turnOffAction = withBuyer(
  z.object({ mode: z.enum(["keep", "end"], { error: "Choose what happens to your live lines." }) }),
  async ({ viewer, db, now, input }) => {
    const result = await turnProtectionOff(db, { buyerId: viewer.id, mode: input.mode, now });
    refresh();
    if (!result.changed) return { status: "success", message: "Protection was already off." };
    return {
      status: "success",
      message:
        input.mode === "end"
          ? `Protection is off. ${result.ended} live line${result.ended === 1 ? "" : "s"} ended now.`
          : "Protection is off for new orders. Your live lines keep working until they end.",
    };
  },
);

export const notifyAction = withBuyer(z.object({}), async ({ viewer, db, now }) => {
  const result = await requestNotify(db, { buyerId: viewer.id, now });
  refresh();
  return {
    status: "success",
    message: result.alreadyRequested
      ? "You are already on the list. We will tell you when it is available."
      : "Thanks. We will tell you when order number protection is available to you.",
  };
});

export const endLineAction = withBuyer(orderIdSchema, async ({ viewer, db, now, input }) => {
  const result = await endLineEarly(db, { buyerId: viewer.id, orderId: input.orderId, now });
  if (!result.ok) {
    return result.reason === "not_found" ? NOT_FOUND : { status: "error", message: "This line is no longer active." };
  }
  refresh(input.orderId);
  return {
    status: "success",
    message: result.fellBackToRealNumber
      ? "Line ended. The merchant and courier now see your real number (masked here) so your parcel can still reach you."
      : "Line ended. Nobody can reach you through it any more.",
  };
});

export const extendLineAction = withBuyer(orderIdSchema, async ({ viewer, db, now, input }) => {
  const result = await extendLine(db, { buyerId: viewer.id, orderId: input.orderId, now });
  if (!result.ok) {
    const messages: Record<typeof result.reason, string> = {
      not_found: "That order does not exist.",
      not_completed: "Only a completed order's line can be extended.",
      not_active: "This line is no longer active.",
      too_early: "You can extend a line only in its last days.",
      limit_reached: "This line has been extended as many times as allowed.",
    };
    return { status: "error", message: messages[result.reason] };
  }
  refresh(input.orderId);
  return { status: "success", message: `Extended. The line now works until ${formatDateTime(result.endsAt)}.` };
});

export const protectOrderAction = withBuyer(orderIdSchema, async ({ viewer, db, now, input }) => {
  const result = await protectOrder(db, { buyerId: viewer.id, orderId: input.orderId, now });
  if (!result.ok) {
    const messages: Record<typeof result.reason, string> = {
      not_found: "That order does not exist.",
      not_open: "Only an open order can be protected.",
      already_protected: "This order already has a special line.",
      pool_exhausted:
        "No special line is free right now, so this order still uses your real number. Try again in a little while.",
    };
    refresh(input.orderId);
    return { status: "error", message: messages[result.reason] };
  }
  refresh(input.orderId);
  return { status: "success", message: "This order now has a special line." };
});

function testerOnly(): ActionState | null {
  return isDemoMode() ? null : { status: "error", message: "Tester controls are off on this server." };
}

const TEST_ITEMS = ["Wireless mouse", "Green tea, 100 g", "Phone case", "Desk lamp", "Notebook set", "Hand cream"];

export const placeTestOrderAction = withBuyer(
  z.object({ merchantId: z.coerce.number().int().positive("Choose a merchant.") }),
  async ({ viewer, db, now, input }) => {
    const refused = testerOnly();
    if (refused) return refused;
    const [merchant] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, input.merchantId));
    if (!merchant)
      return { status: "error", message: "Choose a merchant.", fieldErrors: { merchantId: ["Choose a merchant."] } };
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
      protected: `Order ${result.orderNo} placed with a special line.`,
      pending: `Order ${result.orderNo} placed, but no special line was free: it uses your real number for now. You can retry on the order.`,
      real_number: `Order ${result.orderNo} placed. Protection is off, so it uses your real number.`,
    };
    return { status: result.protection === "pending" ? "error" : "success", message: messages[result.protection] };
  },
);

export const testerTransitionAction = withBuyer(
  orderIdSchema.extend({ transition: z.enum(["ship", "deliver", "complete", "cancel", "refund"]) }),
  async ({ viewer, db, now, input }) => {
    const refused = testerOnly();
    if (refused) return refused;
    const result = await transitionOrder(db, {
      buyerId: viewer.id,
      orderId: input.orderId,
      transition: input.transition,
      now,
    });
    if (!result.ok) {
      return result.reason === "not_found"
        ? NOT_FOUND
        : { status: "error", message: "That step does not apply to this order now." };
    }
    refresh(input.orderId);
    return { status: "success", message: "Order updated." };
  },
);

export const moveCompletionBackAction = withBuyer(
  orderIdSchema.extend({
    days: z.coerce
      .number({ error: "Enter a number of days." })
      .int("Enter whole days.")
      .min(1, "Enter at least 1 day.")
      .max(365, "Enter at most 365 days."),
  }),
  async ({ viewer, db, input }) => {
    const refused = testerOnly();
    if (refused) return refused;
    const result = await moveCompletionBack(db, { buyerId: viewer.id, orderId: input.orderId, daysBack: input.days });
    if (!result.ok) {
      return result.reason === "not_found"
        ? NOT_FOUND
        : { status: "error", message: "Only a completed order can be moved back." };
    }
    refresh(input.orderId);
    return { status: "success", message: `Completion moved back ${input.days} days.` };
  },
);
