import type { Metadata } from "next";
import { ProtectionSwitch } from "@/components/protection-switch";
import { requireViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { formatDateTime, plural } from "@/lib/format";
import { type ActivityDto, listActivity } from "@/lib/protection/activity";
import { getProtectionStatus } from "@/lib/protection/setting";

export const metadata: Metadata = { title: "Privacy" };

function describeEvent(event: ActivityDto): string {
  const order = event.orderNo ? ` (order ${event.orderNo})` : "";
  switch (event.kind) {
    case "protection_on":
      return "Turned order number protection on";
    case "protection_off_keep":
      return "Turned protection off, kept live lines until they end";
    case "protection_off_end":
      return `Turned protection off and ended ${plural(Number(event.detail?.ended ?? 0), "live line")} at once`;
    case "order_protected":
      return `Protected an order by hand${order}`;
    case "line_ended":
      return `Ended a special line early${order}`;
    case "line_extended":
      return `Extended a special line for after-sales${order}`;
    case "notify_requested":
      return "Asked to be notified when protection is available";
  }
}

export default async function PrivacyPage() {
  const viewer = await requireViewer("/privacy");
  const db = await getDb();
  const now = new Date();
  const [status, activity] = await Promise.all([
    getProtectionStatus(db, { buyerId: viewer.id, now }),
    listActivity(db, { buyerId: viewer.id }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Privacy</h1>
      <section
        aria-labelledby="protection-heading"
        className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      >
        <h2 id="protection-heading" className="text-lg font-semibold">
          Order number protection <span lang="zh-CN">订单号码保护</span>
        </h2>
        <p className="mt-2 text-slate-700 dark:text-slate-300">
          Each new order gets its own special line instead of your mobile number. Merchants and couriers only see that
          line; their calls and messages reach you through it; 15 days after the order completes it stops working, so
          nobody can reach you through it again.
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
          <div className="rounded-lg bg-slate-100 p-3 dark:bg-slate-800">
            <dt className="text-slate-600 dark:text-slate-400">Your real number</dt>
            <dd className="font-digits text-lg font-semibold" data-testid="masked-phone">
              {viewer.phoneMasked}
            </dd>
          </div>
          <div className="rounded-lg bg-slate-100 p-3 dark:bg-slate-800">
            <dt className="text-slate-600 dark:text-slate-400">Live special lines</dt>
            <dd className="text-lg font-semibold" data-testid="live-lines">
              {status.liveLines}
            </dd>
          </div>
        </dl>
        <div className="mt-5">
          <ProtectionSwitch
            enabled={status.enabled}
            eligible={status.eligibility.eligible}
            liveLines={status.liveLines}
            notifyRequested={status.notifyRequestedAt !== null}
          />
        </div>
      </section>
      <section
        aria-labelledby="history-heading"
        className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      >
        <h2 id="history-heading" className="text-lg font-semibold">
          Activity history
        </h2>
        {activity.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No changes yet.</p>
        ) : (
          <ol
            className="mt-3 flex flex-col divide-y divide-slate-200 dark:divide-slate-800"
            aria-label="Activity history"
          >
            {activity.map((event) => (
              <li key={event.id} className="flex flex-col py-2 sm:flex-row sm:justify-between sm:gap-4">
                <span>{describeEvent(event)}</span>
                <time dateTime={event.at.toISOString()} className="text-sm text-slate-600 dark:text-slate-400">
                  {formatDateTime(event.at)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
