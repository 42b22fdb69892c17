import Link from "next/link";
import { protectOrderAction } from "@/app/(buyer)/actions";
import { ActionForm } from "@/components/action-form";
import { LineTimes, SpecialLine } from "@/components/special-line";
import { formatDateTime, formatMoney, STATUS_LABELS } from "@/lib/format";
import type { OrderSummaryDto } from "@/lib/protection/queries";

export function ProtectionSummary({ order }: { order: OrderSummaryDto }) {
  const line = order.line;
  if (order.protection === "protected" && line) {
    return (
      <div className="flex flex-col gap-2">
        <SpecialLine line={line} />
        <LineTimes line={line} />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      {order.protection === "pending" ? (
        <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          Protection could not be applied yet: no special line was free when you placed this order. Until then it uses
          your real number <span className="font-digits">{order.phoneMasked}</span>.
        </p>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Uses your real number <span className="font-digits font-semibold">{order.phoneMasked}</span>
          {line?.state === "ended" ? " (its special line was ended)" : ""}.
        </p>
      )}
      {order.open ? (
        <ActionForm
          action={protectOrderAction}
          hidden={{ orderId: order.id }}
          label={order.protection === "pending" ? "Retry protection" : "Protect this order"}
          pendingLabel="Finding a special line…"
        />
      ) : null}
    </div>
  );
}

export function OrderCard({ order }: { order: OrderSummaryDto }) {
  return (
    <article
      aria-labelledby={`order-${order.id}`}
      className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={`order-${order.id}`} className="font-semibold">
            <Link href={`/orders/${order.id}`} className="underline-offset-2 hover:underline">
              {order.item}
            </Link>
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {order.merchant} · {formatMoney(order.amountCents)} · placed {formatDateTime(order.placedAt)}
          </p>
        </div>
        <span className="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-semibold dark:bg-slate-800">
          {STATUS_LABELS[order.status]}
        </span>
      </header>
      <ProtectionSummary order={order} />
      <Link
        href={`/orders/${order.id}`}
        className="inline-flex min-h-11 items-center self-start font-medium text-brand-700 underline dark:text-brand-100"
      >
        Details<span className="sr-only"> of order {order.orderNo}</span>
      </Link>
    </article>
  );
}
