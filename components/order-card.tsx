import Link from "next/link";
import { protectOrderAction } from "@/app/(buyer)/actions";
import { ActionForm } from "@/components/action-form";
import { LineTimes, SpecialLine } from "@/components/special-line";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatMoney } from "@/lib/format";
import { localName } from "@/lib/i18n/names";
import { getI18n } from "@/lib/i18n/server";
import type { OrderSummaryDto } from "@/lib/protection/queries";

export async function ProtectionSummary({ order }: { order: OrderSummaryDto }) {
  const { t } = await getI18n();
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
          {t("orders.pending", { phone: order.phoneMasked })}
        </p>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {t(line?.state === "ended" ? "orders.usesRealEnded" : "orders.usesReal", { phone: order.phoneMasked })}
        </p>
      )}
      {order.open ? (
        <ActionForm
          action={protectOrderAction}
          hidden={{ orderId: order.id }}
          label={t(order.protection === "pending" ? "orders.retry" : "orders.protect")}
          pendingLabel={t("orders.finding")}
        />
      ) : null}
    </div>
  );
}

export async function OrderCard({ order }: { order: OrderSummaryDto }) {
  const { t, locale } = await getI18n();
  return (
    <Card as="article" padding="sm" aria-labelledby={`order-${order.id}`} className="flex flex-col gap-3">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={`order-${order.id}`} className="font-semibold">
            <Link href={`/orders/${order.id}`} className="underline-offset-2 hover:underline">
              {order.item}
            </Link>
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {localName(order.merchant, locale)} · {formatMoney(order.amountCents)} ·{" "}
            {t("orders.placed", { date: formatDateTime(order.placedAt, locale) })}
          </p>
        </div>
        <span className="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-semibold dark:bg-slate-800">
          {t(`status.${order.status}`)}
        </span>
      </header>
      <ProtectionSummary order={order} />
      <Link
        href={`/orders/${order.id}`}
        className="inline-flex min-h-11 items-center self-start font-medium text-brand-700 underline dark:text-brand-100"
      >
        {t("orders.details")}
        <span className="sr-only"> {t("orders.detailsOf", { orderNo: order.orderNo })}</span>
      </Link>
    </Card>
  );
}
