import "server-only";
import { eq } from "drizzle-orm";
import { afterCommit } from "@/lib/alibaba/commands";
import type { Executor } from "@/lib/db";
import {
  blockedCallers,
  contactEvents,
  notifyRequests,
  orders,
  protectionSettings,
  pushSubscriptions,
  reminderSettings,
  reminders,
  rolloutAccounts,
  users,
} from "@/lib/db/schema";
import { endAllLines } from "@/lib/protection/end-line";
import { revokeAllSessions } from "@/lib/security/sessions";
import { eraseContactDetails } from "./erase";

export type DeleteAccountResult = { ok: true; endedLines: number } | { ok: false; reason: "not_found" };

/** The unique columns of a deleted account: its own id keeps them unique, and nothing else is left in them. */
export function tombstone(userId: string) {
  return {
    name: "",
    email: `deleted-${userId}@deleted.invalid`,
    phoneCiphertext: "",
    phoneHash: `deleted:${userId}`,
    phoneMasked: "",
    passwordHash: "",
  };
}

/**
 * Deletes a buyer's account (PIPL right to erasure), in one transaction: every live line ends at
 * once (reason `account_deleted`), the personal data is erased (name, email, the real number's
 * ciphertext and hash, password, recipient names and addresses, tracking numbers, the contact log's
 * caller numbers and texts, blocks, the rollout and notify lists), and every session is revoked.
 * What stays is anonymous: orders' items and states, the lines' times (the pool's cool-down needs
 * them), the activity kinds. The users row stays as a tombstone so those rows keep their key.
 */
export async function deleteAccount(
  db: Executor,
  { buyerId, now }: { buyerId: string; now: Date },
): Promise<DeleteAccountResult> {
  return afterCommit(
    db.transaction(async (tx) => {
      const [user] = await tx
        .select({ email: users.email, deletedAt: users.deletedAt })
        .from(users)
        .where(eq(users.id, buyerId))
        .for("update");
      if (!user || user.deletedAt) return { ok: false, reason: "not_found" } as const;
      const endedLines = await endAllLines(tx, { buyerId, reason: "account_deleted", now });
      await tx
        .update(users)
        .set({ ...tombstone(buyerId), deletedAt: now })
        .where(eq(users.id, buyerId));
      await tx
        .update(orders)
        .set({ recipientName: "", address: "", trackingNumber: null })
        .where(eq(orders.buyerId, buyerId));
      await eraseContactDetails(tx, eq(contactEvents.buyerId, buyerId));
      await tx.delete(blockedCallers).where(eq(blockedCallers.buyerId, buyerId));
      await tx.delete(notifyRequests).where(eq(notifyRequests.buyerId, buyerId));
      // Reminders name items and stations; the push subscriptions are browser addresses: all go.
      await tx.delete(reminders).where(eq(reminders.buyerId, buyerId));
      await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.buyerId, buyerId));
      await tx.delete(reminderSettings).where(eq(reminderSettings.buyerId, buyerId));
      await tx.delete(rolloutAccounts).where(eq(rolloutAccounts.email, user.email));
      await tx
        .update(protectionSettings)
        .set({ enabled: false, updatedAt: now })
        .where(eq(protectionSettings.buyerId, buyerId));
      await revokeAllSessions(tx, { userId: buyerId, now });
      return { ok: true, endedLines } as const;
    }),
  );
}
