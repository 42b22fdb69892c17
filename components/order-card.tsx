import Link from "next/link";
import { protectOrderAction } from "@/app/(buyer)/actions";
import { ActionForm } from "@/components/action-form";
import { CopyButton } from "@/components/copy-button";
import { OtherDigitsNotice } from "@/components/other-digits-notice";
import { LineStateBadge, LineTimes, lineText, SpecialLine } from "@/components/special-line";
import { formatDateTime, formatMoney } from "@/lib/format";
import { localized, localName } from "@/lib/i18n/names";
import { getI18n } from "@/lib/i18n/server";
import type { OrderSummaryDto } from "@/lib/protection/queries";

export async function ProtectionSummary({ order }: { order: OrderSummaryDto }) {
  const { t } = await getI18n();
  const line = order.line;
  if (order.protection === "protected" && line) {
    return (
      <div className="flex flex-col gap-2">
        <SpecialLine line={line} />
        <OtherDigitsNotice line={line} />
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

/**
 * The order's number on a list card, in one or two rows: the big last four only while a parcel is on
 * its way (what a station will ask for); a line that no longer works is muted.
 */
async function CardLine({ order, parcelOnItsWay }: { order: OrderSummaryDto; parcelOnItsWay: boolean }) {
  const { t } = await getI18n();
  const line = order.line;
  if (order.protection !== "protected" || !line) {
    return (
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {order.protection === "pending"
            ? t("orders.pendingShort", { phone: order.phoneMasked })
            : t(line?.state === "ended" ? "orders.usesRealEnded" : "orders.usesReal", { phone: order.phoneMasked })}
        </p>
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
  const live = line.state === "active";
  const big = live && parcelOnItsWay;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end justify-between gap-x-3 gap-y-1">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
            {t("line.label")} <LineStateBadge line={line} />
          </p>
          <p
            className={`font-digits text-sm ${live ? "" : "text-slate-600 line-through decoration-1 dark:text-slate-400"}`}
          >
            <span data-testid="special-line">{await lineText(line)}</span>
          </p>
        </div>
        <p className="text-right">
          <span className="block text-xs text-slate-600 dark:text-slate-400">{t("line.lastFour")}</span>
          <span
            data-testid="last-four"
            className={`font-digits leading-none ${big ? "text-4xl font-bold tracking-widest" : live ? "text-xl font-semibold" : "text-xl text-slate-500 dark:text-slate-400"}`}
          >
            {line.lastFour}
          </span>
        </p>
      </div>
      {live ? <OtherDigitsNotice line={line} /> : null}
      {live ? (
        <div className="flex flex-wrap gap-2">
          <CopyButton value={line.dial} label={t("line.copyLine")} />
          <CopyButton value={line.lastFour} label={t("line.copyLastFour")} />
        </div>
      ) : null}
    </div>
  );
}

export async function OrderCard({ order, parcelOnItsWay }: { order: OrderSummaryDto; parcelOnItsWay: boolean }) {
  const { t, locale } = await getI18n();
  return (
    <article
      aria-labelledby={`order-${order.id}`}
      className="flex flex-col gap-2 rounded-2xl bg-white p-3 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`order-${order.id}`} className="font-semibold">
            <Link href={`/orders/${order.id}`} className="underline-offset-2 hover:underline">
              {localized(order.itemNames, locale, order.item)}
            </Link>
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {localName(order.merchant, locale)} · {formatMoney(order.amountCents)} ·{" "}
            {t("orders.placed", { date: formatDateTime(order.placedAt, locale) })}
          </p>
        </div>
        <span className="shrink-0 whitespace-nowrap rounded-full bg-slate-100 px-2.5 py-1 text-xs font-semibold dark:bg-slate-800">
          {t(`status.${order.status}`)}
        </span>
      </header>
      <CardLine order={order} parcelOnItsWay={parcelOnItsWay} />
      <Link
        href={`/orders/${order.id}`}
        className="inline-flex min-h-11 items-center self-start font-medium text-brand-700 underline dark:text-brand-100"
      >
        {t("orders.details")}
        <span className="sr-only"> {t("orders.detailsOf", { orderNo: order.orderNo })}</span>
      </Link>
    </article>
  );
}
