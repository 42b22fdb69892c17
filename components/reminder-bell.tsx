import Link from "next/link";
import { extendFromReminderForm, markAllReadForm } from "@/app/(buyer)/reminder-actions";
import type { Viewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { noteDbError } from "@/lib/db/availability";
import { getI18n } from "@/lib/i18n/server";
import { listReminders } from "@/lib/reminders/remind";
import { reminderText } from "@/lib/reminders/text";

const BUTTON =
  "min-h-11 rounded-lg border border-slate-300 bg-white px-3 font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700";

/** The in-app bell: the same reminders as the notifications, for buyers who did not allow those. */
export async function ReminderBell({ viewer }: { viewer: Viewer }) {
  const { t, locale } = await getI18n();
  let list: Awaited<ReturnType<typeof listReminders>>;
  try {
    list = await listReminders(await getDb(), { buyerId: viewer.id });
  } catch (error) {
    // Rendered inside the shell, after the page's own outage guard: with the database gone it shows
    // nothing rather than failing the whole page with a 500 (the database is marked down for proxy.ts).
    if (!noteDbError(error)) throw error;
    return null;
  }
  const { items, unread } = list;
  return (
    <details className="relative" data-testid="reminder-bell">
      <summary className="relative flex min-h-11 min-w-11 cursor-pointer list-none items-center justify-center rounded-full bg-slate-100 dark:bg-slate-800">
        <span className="sr-only">
          {unread > 0 ? t("reminders.bellUnread", { count: unread }) : t("reminders.bell")}
        </span>
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="h-5 w-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 ? (
          <span
            aria-hidden="true"
            data-testid="reminder-unread"
            className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold text-white"
          >
            {unread}
          </span>
        ) : null}
      </summary>
      <div className="absolute -right-14 z-30 mt-2 flex max-h-[70dvh] w-[min(20rem,calc(100vw-1.5rem))] flex-col overflow-y-auto sm:right-0 gap-2 rounded-xl border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <p className="font-semibold">{t("reminders.bell")}</p>
        {items.length === 0 ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">{t("reminders.none")}</p>
        ) : null}
        <ul className="flex flex-col gap-2">
          {items.map((item) => {
            const text = reminderText(locale, item);
            return (
              <li
                key={item.id}
                data-testid="reminder"
                className={`rounded-lg p-2 text-sm ${item.read ? "" : "bg-brand-50 dark:bg-slate-800"}`}
              >
                <Link
                  href={item.url}
                  className="flex min-h-11 items-center font-medium underline-offset-2 hover:underline"
                >
                  {text.title}
                </Link>
                <p className="text-slate-700 dark:text-slate-300">{text.body}</p>
                {item.kind === "line_stopping" && item.params.orderId ? (
                  <form action={extendFromReminderForm} className="mt-1">
                    <input type="hidden" name="orderId" value={item.params.orderId} />
                    <button type="submit" className={BUTTON}>
                      {text.action}
                    </button>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ul>
        {unread > 0 ? (
          <form action={markAllReadForm}>
            <button type="submit" className={`${BUTTON} w-full`}>
              {t("reminders.markRead")}
            </button>
          </form>
        ) : null}
      </div>
    </details>
  );
}
