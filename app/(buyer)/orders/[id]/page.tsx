import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  endLineAction,
  extendLineAction,
  moveCompletionBackAction,
  testerTransitionAction,
} from "@/app/(buyer)/actions";
import { ActionDialog } from "@/components/action-dialog";
import { ActionForm } from "@/components/action-form";
import { ProtectionSummary } from "@/components/order-card";
import { requireViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import type { OrderStatus } from "@/lib/db/schema";
import { isDemoMode } from "@/lib/env";
import { formatDateTime, formatMoney, STATUS_LABELS } from "@/lib/format";
import { getOrderForBuyer, type OrderDetailDto } from "@/lib/protection/queries";
import { settings } from "@/lib/settings";

export const metadata: Metadata = { title: "Order" };

const TESTER_STEPS = [
  { transition: "ship", label: "Ship", from: ["awaiting_shipment"] },
  { transition: "deliver", label: "Deliver", from: ["shipped"] },
  { transition: "complete", label: "Complete", from: ["delivered"] },
  { transition: "cancel", label: "Cancel", from: ["awaiting_shipment", "shipped"] },
  { transition: "refund", label: "Refund", from: ["delivered", "completed"] },
] as const satisfies { transition: string; label: string; from: OrderStatus[] }[];

type TimelineEntry = { at: Date; label: string };

function timeline(order: OrderDetailDto): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: order.placedAt, label: "Order placed" }];
  for (const line of order.history) {
    entries.push({ at: line.boundAt, label: `Special line …${line.lastFour} assigned` });
    if (line.endedAt) entries.push({ at: line.endedAt, label: `Special line …${line.lastFour} ended` });
    else if (line.state === "expired" && line.endsAt) {
      entries.push({ at: line.endsAt, label: `Special line …${line.lastFour} expired` });
    }
  }
  if (order.shippedAt) entries.push({ at: order.shippedAt, label: `Shipped with ${order.courier ?? "courier"}` });
  if (order.deliveredAt) entries.push({ at: order.deliveredAt, label: "Delivered" });
  if (order.completedAt) entries.push({ at: order.completedAt, label: "Completed: transaction succeeded" });
  if (order.cancelledAt) entries.push({ at: order.cancelledAt, label: STATUS_LABELS[order.status] });
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function Card({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <section
      aria-labelledby={id}
      className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer(`/orders/${id}`);
  const order = await getOrderForBuyer(await getDb(), { buyerId: viewer.id, orderId: id, now: new Date() });
  if (!order) notFound();
  const line = order.line;
  const liveLine = order.protection === "protected" && line?.state === "active" ? line : null;
  const waybillPhone = liveLine
    ? `${liveLine.hostFormatted} ext. ${liveLine.extension}`
    : order.protection === "protected" && line
      ? `${line.hostFormatted} ext. ${line.extension} (no longer connects)`
      : order.phoneMasked;
  return (
    <div className="flex flex-col gap-4">
      <Link href="/orders" className="inline-flex min-h-11 items-center self-start text-sm font-medium underline">
        ← All orders
      </Link>
      <div>
        <h1 className="text-2xl font-semibold">{order.item}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Order {order.orderNo} · {order.merchant} · {formatMoney(order.amountCents)} ·{" "}
          <span data-testid="order-status">{STATUS_LABELS[order.status]}</span>
        </p>
      </div>

      <Card title="Special line" id="line-heading">
        <ProtectionSummary order={order} />
        {liveLine ? (
          <div className="flex flex-wrap gap-2">
            <a
              href={`tel:${liveLine.dial}`}
              className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-3 text-sm font-medium dark:border-slate-600"
            >
              Call this line
            </a>
            <ActionDialog
              title="End this special line now?"
              trigger="End now"
              triggerClassName="border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
              action={endLineAction}
              hidden={{ orderId: order.id }}
              confirmLabel="End the line now"
              confirmVariant="danger"
            >
              <p>
                The line{" "}
                <span className="font-digits">
                  {liveLine.hostFormatted} ext. {liveLine.extension}
                </span>{" "}
                stops working at once. Calls and messages to it will be rejected.
              </p>
              {order.undelivered ? (
                <p className="font-medium">
                  This order has not been delivered yet, so the merchant and courier will use your real number{" "}
                  <span className="font-digits">{order.phoneMasked}</span> to reach you.
                </p>
              ) : (
                <p>Nobody will be able to reach you about this order through it any more.</p>
              )}
            </ActionDialog>
          </div>
        ) : null}
        {line?.canExtend ? (
          <ActionForm
            action={extendLineAction}
            hidden={{ orderId: order.id }}
            label={`Extend ${settings.extensionDays} days for after-sales`}
            pendingLabel="Extending…"
          >
            <p className="text-sm text-slate-700 dark:text-slate-300">
              Returning or repairing something? Keep this line working {settings.extensionDays} more days (
              {line.extensionsLeft} extension{line.extensionsLeft === 1 ? "" : "s"} left).
            </p>
          </ActionForm>
        ) : null}
      </Card>

      <Card title="What the merchant and courier see" id="preview-heading">
        <dl
          className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-dashed border-slate-300 p-3 text-sm dark:border-slate-700"
          data-testid="waybill-preview"
        >
          <dt className="text-slate-600 dark:text-slate-400">Recipient</dt>
          <dd>{order.recipientMasked}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Address</dt>
          <dd>{order.addressMasked}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Phone</dt>
          <dd className="font-digits" data-testid="waybill-phone">
            {waybillPhone}
          </dd>
          {order.trackingNumber ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Tracking</dt>
              <dd className="font-digits">
                {order.courier} {order.trackingNumber}
              </dd>
            </>
          ) : null}
        </dl>
      </Card>

      <Card title="Timeline" id="timeline-heading">
        <ol className="flex flex-col gap-2 text-sm" aria-label="Order timeline">
          {timeline(order).map((entry) => (
            <li key={`${entry.at.getTime()}-${entry.label}`} className="flex justify-between gap-4">
              <span>{entry.label}</span>
              <time dateTime={entry.at.toISOString()} className="shrink-0 text-slate-600 dark:text-slate-400">
                {formatDateTime(entry.at)}
              </time>
            </li>
          ))}
        </ol>
      </Card>

      {isDemoMode() ? (
        <section
          aria-labelledby="tester-heading"
          className="flex flex-col gap-3 rounded-2xl border border-dashed border-amber-400 p-4 dark:border-amber-700"
        >
          <h2 id="tester-heading" className="font-semibold">
            Tester controls
          </h2>
          <div className="flex flex-wrap gap-2">
            {TESTER_STEPS.filter((step) => (step.from as readonly OrderStatus[]).includes(order.status)).map(
              ({ transition, label }) => (
                <ActionForm
                  key={transition}
                  action={testerTransitionAction}
                  hidden={{ orderId: order.id, transition }}
                  label={label}
                />
              ),
            )}
          </div>
          {order.status === "completed" ? (
            <ActionForm action={moveCompletionBackAction} hidden={{ orderId: order.id }} label="Move completion back">
              <label htmlFor="days" className="text-sm font-medium">
                Days to move completion back
              </label>
              <input
                id="days"
                name="days"
                type="number"
                inputMode="numeric"
                min={1}
                max={365}
                defaultValue={16}
                className="min-h-11 w-32 rounded-lg border border-slate-300 bg-white px-3 dark:border-slate-600 dark:bg-slate-900"
              />
            </ActionForm>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
