import Link from "next/link";
import { extendLineAction } from "@/app/(buyer)/actions";
import { markRemindersReadAction } from "@/app/(buyer)/reminder-actions";
import { ActionForm } from "@/components/action-form";
import type { Viewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { getI18n } from "@/lib/i18n/server";
import { listReminders } from "@/lib/reminders/remind";
import { reminderText } from "@/lib/reminders/text";

/** The in-app bell: the same reminders as the notifications, for buyers who did not allow those. */
export async function ReminderBell({ viewer }: { viewer: Viewer }) {
  const { t, locale } = await getI18n();
  const { items, unread } = await listReminders(await getDb(), { buyerId: viewer.id });
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
      <div className="fixed inset-x-3 top-16 z-30 flex max-h-[70dvh] flex-col overflow-y-auto sm:absolute sm:inset-x-auto sm:right-0 sm:top-auto sm:mt-2 sm:w-80 gap-2 rounded-xl border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
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
                <Link href={item.url} className="block font-medium underline-offset-2 hover:underline">
                  {text.title}
                </Link>
                <p className="text-slate-700 dark:text-slate-300">{text.body}</p>
                {item.kind === "line_stopping" && item.params.orderId ? (
                  <ActionForm
                    action={extendLineAction}
                    hidden={{ orderId: item.params.orderId }}
                    label={text.action ?? ""}
                    className="mt-1"
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
        {unread > 0 ? <ActionForm action={markRemindersReadAction} label={t("reminders.markRead")} /> : null}
      </div>
    </details>
  );
}
