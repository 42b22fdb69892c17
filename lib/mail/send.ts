import "server-only";
import { desc } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import type { Executor } from "@/lib/db";
import { mailOutbox } from "@/lib/db/schema";
import { isDemoMode } from "@/lib/env";

export type Mail = { to: string; subject: string; text: string };

export type MailConfig = { smtpUrl?: string; from: string; demo: boolean };

export function mailConfig(): MailConfig {
  return {
    smtpUrl: process.env.SMTP_URL || undefined,
    from: process.env.MAIL_FROM || "Order number protection <no-reply@localhost>",
    demo: isDemoMode(),
  };
}

const transports = globalThis as unknown as { __onpMail?: Map<string, Transporter> };

function transport(url: string): Transporter {
  transports.__onpMail ??= new Map();
  let found = transports.__onpMail.get(url);
  if (!found) {
    found = nodemailer.createTransport(url);
    transports.__onpMail.set(url, found);
  }
  return found;
}

export type MailResult = "sent" | "outbox" | "dropped";

/**
 * Sends one mail over SMTP (`SMTP_URL`). In demo mode with no SMTP server it lands in the outbox
 * table instead, which /dev/outbox shows, so a tester can follow a link; outside demo mode a mail
 * with nowhere to go is dropped with a one-line warning, never stored.
 */
export async function sendMail(db: Executor, mail: Mail, config: MailConfig = mailConfig()): Promise<MailResult> {
  if (config.smtpUrl) {
    await transport(config.smtpUrl).sendMail({
      from: config.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
    return "sent";
  }
  if (config.demo) {
    await db.insert(mailOutbox).values({ to: mail.to, subject: mail.subject, body: mail.text });
    return "outbox";
  }
  console.warn("[mail] SMTP_URL is not set: a mail was not sent");
  return "dropped";
}

/** Sends without letting a mail failure change the answer a visitor gets (it would tell them something). */
export async function sendMailQuietly(db: Executor, mail: Mail, config?: MailConfig): Promise<void> {
  try {
    await sendMail(db, mail, config);
  } catch (error) {
    console.error(`[mail] not sent: ${error instanceof Error ? error.name : "error"}`);
  }
}

export type OutboxMail = { id: number; to: string; subject: string; body: string; createdAt: Date };

export async function listOutbox(db: Executor, { limit = 50 }: { limit?: number } = {}): Promise<OutboxMail[]> {
  return db
    .select({
      id: mailOutbox.id,
      to: mailOutbox.to,
      subject: mailOutbox.subject,
      body: mailOutbox.body,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.id))
    .limit(limit);
}
