import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { STATUS_LABELS } from "@/lib/format";
import { listLiveLines } from "@/lib/protection/queries";

export const metadata: Metadata = { title: "Pickup" };

export default async function PickupPage() {
  const viewer = await requireViewer("/pickup");
  const lines = await listLiveLines(await getDb(), { buyerId: viewer.id, now: new Date() });
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Pickup</h1>
        <p className="text-slate-600 dark:text-slate-400">Show the last four digits at the parcel station or locker.</p>
      </div>
      {lines.length === 0 ? (
        <p className="rounded-2xl bg-white p-6 text-center text-slate-600 shadow-sm dark:bg-slate-900 dark:text-slate-400">
          No live special lines. Parcels for unprotected orders use the last four digits of your own number.
        </p>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Live special lines">
          {lines.map((entry) => (
            <li
              key={entry.orderId}
              className="flex items-center justify-between gap-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
            >
              <div className="min-w-0">
                <p className="truncate font-semibold">
                  <Link href={`/orders/${entry.orderId}`} className="hover:underline">
                    {entry.item}
                  </Link>
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">{entry.merchant}</p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {entry.courier ? `${entry.courier} ${entry.trackingNumber ?? ""}` : STATUS_LABELS[entry.status]}
                </p>
              </div>
              <p className="text-right">
                <span className="block text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
                  Last four
                </span>
                <span
                  data-testid="pickup-last-four"
                  className="font-digits text-6xl font-bold leading-none tracking-widest"
                >
                  {entry.line.lastFour}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
