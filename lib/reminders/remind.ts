import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { pushSubscriptions, type ReminderKind, reminderSettings, reminders } from "@/lib/db/schema";
import { enqueue } from "@/lib/jobs/queue";
import { DEFAULT_QUIET, type QuietHours } from "./quiet";

export const PUSH_JOB = "reminder.push";

export type ReminderChoices = Record<ReminderKind, boolean> & QuietHours;

export const DEFAULT_CHOICES: ReminderChoices = {
  code_arrived: true,
  line_stopping: true,
  parcel_waiting: true,
  ...DEFAULT_QUIET,
};

/** The buyer's choices: what they saved on the Privacy page, else every kind on and 22:00–08:00 quiet. */
export async function reminderChoices(db: Executor, { buyerId }: { buyerId: string }): Promise<ReminderChoices> {
  const [row] = await db.select().from(reminderSettings).where(eq(reminderSettings.buyerId, buyerId));
  if (!row) return DEFAULT_CHOICES;
  return {
    code_arrived: row.codeArrived,
    line_stopping: row.lineStopping,
    parcel_waiting: row.parcelWaiting,
    quietStart: row.quietStart,
    quietEnd: row.quietEnd,
  };
}

export async function saveReminderChoices(
  db: Executor,
  { buyerId, choices, now }: { buyerId: string; choices: ReminderChoices; now: Date },
): Promise<void> {
  const values = {
    codeArrived: choices.code_arrived,
    lineStopping: choices.line_stopping,
    parcelWaiting: choices.parcel_waiting,
    quietStart: choices.quietStart,
    quietEnd: choices.quietEnd,
    updatedAt: now,
  };
  await db
    .insert(reminderSettings)
    .values({ buyerId, ...values })
    .onConflictDoUpdate({ target: reminderSettings.buyerId, set: values });
}

export type NewReminder = {
  buyerId: string;
  kind: ReminderKind;
  /** One cause reminds once: a second reminder with this key for this buyer is not written. */
  key: string;
  params: Record<string, string>;
  url: string;
  now: Date;
};

/**
 * A reminder, in the transaction of the change that causes it: written for the bell, and one push job
 * for each of the buyer's subscriptions, unless the buyer turned this kind off. Returns its id, or
 * null when it was not written (kind off, or reminded already).
 */
export async function remindIn(tx: Executor, reminder: NewReminder): Promise<string | null> {
  const choices = await reminderChoices(tx, { buyerId: reminder.buyerId });
  if (!choices[reminder.kind]) return null;
  const [row] = await tx
    .insert(reminders)
    .values({
      buyerId: reminder.buyerId,
      kind: reminder.kind,
      key: reminder.key,
      params: reminder.params,
      url: reminder.url,
      createdAt: reminder.now,
    })
    .onConflictDoNothing()
    .returning({ id: reminders.id });
  if (!row) return null;
  const subscriptions = await tx
    .select({ id: pushSubscriptions.id })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.buyerId, reminder.buyerId));
  for (const subscription of subscriptions) {
    await enqueue(
      tx,
      {
        kind: PUSH_JOB,
        key: `${row.id}:${subscription.id}`,
        payload: { reminderId: row.id, subscriptionId: subscription.id },
      },
      reminder.now,
    );
  }
  return row.id;
}

export type ReminderDto = {
  id: string;
  kind: ReminderKind;
  params: Record<string, string>;
  url: string;
  createdAt: Date;
  read: boolean;
};

/** The bell: the buyer's latest reminders, newest first, and how many are unread. */
export async function listReminders(
  db: Executor,
  { buyerId, limit = 10 }: { buyerId: string; limit?: number },
): Promise<{ items: ReminderDto[]; unread: number }> {
  const rows = await db
    .select({
      id: reminders.id,
      kind: reminders.kind,
      params: reminders.params,
      url: reminders.url,
      createdAt: reminders.createdAt,
      readAt: reminders.readAt,
    })
    .from(reminders)
    .where(eq(reminders.buyerId, buyerId))
    .orderBy(desc(reminders.createdAt))
    .limit(limit);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reminders)
    .where(and(eq(reminders.buyerId, buyerId), isNull(reminders.readAt)));
  return {
    items: rows.map(({ readAt, ...row }) => ({ ...row, read: readAt !== null })),
    unread: count?.n ?? 0,
  };
}

export async function markRemindersRead(db: Executor, { buyerId, now }: { buyerId: string; now: Date }) {
  await db
    .update(reminders)
    .set({ readAt: now })
    .where(and(eq(reminders.buyerId, buyerId), isNull(reminders.readAt)));
}
