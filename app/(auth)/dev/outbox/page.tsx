import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { unavailableOnOutage } from "@/lib/db/outage";
import { isDemoMode } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { getI18n } from "@/lib/i18n/server";
import { listOutbox } from "@/lib/mail/send";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("mail.outboxTitle") };
}

/** Demo mode only: the mail that would have gone out, so a tester can follow a reset link. */
async function OutboxPage() {
  if (!isDemoMode()) notFound();
  const { t, locale } = await getI18n();
  const mails = await listOutbox(await getDb());
  return (
    <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <h1 className="text-2xl font-semibold">{t("mail.outboxTitle")}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("mail.outboxLead")}</p>
      {mails.length === 0 ? <p className="mt-4 text-sm">{t("mail.outboxEmpty")}</p> : null}
      <ol aria-label={t("mail.outboxTitle")} className="mt-4 flex flex-col gap-4">
        {mails.map((mail) => (
          <li key={mail.id}>
            <article
              aria-labelledby={`mail-${mail.id}`}
              className="rounded-lg border border-slate-200 p-3 dark:border-slate-700"
            >
              <h2 id={`mail-${mail.id}`} className="font-semibold">
                {mail.subject}
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {t("mail.outboxTo", { to: mail.to })} ·{" "}
                <time dateTime={mail.createdAt.toISOString()}>{formatDateTime(mail.createdAt, locale)}</time>
              </p>
              <pre className="mt-2 text-sm whitespace-pre-wrap wrap-anywhere">{mail.body}</pre>
            </article>
          </li>
        ))}
      </ol>
    </div>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(OutboxPage);
