import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { endLineAction, extendLineAction } from "@/app/(buyer)/actions";
import { moveCompletionBackAction, testerTransitionAction } from "@/app/(buyer)/tester-actions";
import { ActionDialog } from "@/components/action-dialog";
import { ActionForm } from "@/components/action-form";
import { ContactLog } from "@/components/contact-log";
import { ProtectionSummary } from "@/components/order-card";
import { lineText } from "@/components/special-line";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { unavailableOnOutage } from "@/lib/db/outage";
import { isDemoMode } from "@/lib/env";
import { formatDateTime, formatMoney } from "@/lib/format";
import type { Locale } from "@/lib/i18n/config";
import { localized, localName } from "@/lib/i18n/names";
import { getI18n, type Translator } from "@/lib/i18n/server";
import { listContactsForOrder } from "@/lib/protection/contacts";
import { getOrderForBuyer, type OrderDetailDto } from "@/lib/protection/queries";
import { transitionsFrom } from "@/lib/protection/rules";
import { settings } from "@/lib/settings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("line.label") };
}

type TimelineEntry = { at: Date; label: string };

function timeline(order: OrderDetailDto, t: Translator, locale: Locale): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: order.placedAt, label: t("order.timeline.placed") }];
  for (const line of order.history) {
    entries.push({ at: line.boundAt, label: t("order.timeline.assigned", { lastFour: line.lastFour }) });
    if (line.endedAt) entries.push({ at: line.endedAt, label: t("order.timeline.ended", { lastFour: line.lastFour }) });
    else if (line.state === "expired" && line.endsAt) {
      entries.push({ at: line.endsAt, label: t("order.timeline.expired", { lastFour: line.lastFour }) });
    }
  }
  const courier = order.courier ? localName(order.courier, locale) : "";
  if (order.shippedAt) entries.push({ at: order.shippedAt, label: t("order.timeline.shipped", { courier }) });
  if (order.deliveredAt) entries.push({ at: order.deliveredAt, label: t("order.timeline.delivered") });
  if (order.completedAt) entries.push({ at: order.completedAt, label: t("order.timeline.completed") });
  if (order.cancelledAt) entries.push({ at: order.cancelledAt, label: t(`status.${order.status}`) });
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function TitledCard({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <Card as="section" padding="sm" aria-labelledby={id} className="flex flex-col gap-3">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </Card>
  );
}

async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer(`/orders/${id}`);
  const { t, locale } = await getI18n();
  const db = await getDb();
  const order = await getOrderForBuyer(db, { buyerId: viewer.id, orderId: id, now: new Date() });
  if (!order) notFound();
  const contacts = await listContactsForOrder(db, { buyerId: viewer.id, orderId: order.id });
  const line = order.line;
  const liveLine = order.protection === "protected" && line?.state === "active" ? line : null;
  const written = line ? await lineText(line) : "";
  const waybillPhone = liveLine
    ? written
    : order.protection === "protected" && line
      ? t("order.noLongerConnects", { line: written })
      : order.phoneMasked;
  return (
    <div className="flex flex-col gap-4">
      <Link href="/orders" className="inline-flex min-h-11 items-center self-start text-sm font-medium underline">
        {t("order.back")}
      </Link>
      <div>
        <h1 className="text-2xl font-semibold">{localized(order.itemNames, locale, order.item)}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {t("order.summary", {
            orderNo: order.orderNo,
            merchant: localName(order.merchant, locale),
            amount: formatMoney(order.amountCents),
          })}
          <span data-testid="order-status">{t(`status.${order.status}`)}</span>
        </p>
      </div>

      <TitledCard title={t("line.label")} id="line-heading">
        <ProtectionSummary order={order} />
        {liveLine ? (
          <div className="flex flex-wrap gap-2">
            <a
              href={`tel:${liveLine.dial}`}
              className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-3 text-sm font-medium dark:border-slate-600"
            >
              {t("order.call")}
            </a>
            <ActionDialog
              title={t("order.endTitle")}
              trigger={t("order.endNow")}
              triggerClassName="border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
              action={endLineAction}
              hidden={{ orderId: order.id }}
              confirmLabel={t("order.endConfirm")}
              confirmVariant="danger"
            >
              <p>{t("order.endStops", { line: written })}</p>
              {order.undelivered ? (
                <p className="font-medium">{t("order.endFallback", { phone: order.phoneMasked })}</p>
              ) : (
                <p>{t("order.endNoFallback")}</p>
              )}
            </ActionDialog>
          </div>
        ) : null}
        {line?.canExtend ? (
          <ActionForm
            action={extendLineAction}
            hidden={{ orderId: order.id }}
            label={t("order.extend", { days: settings.extensionDays })}
            pendingLabel={t("order.extending")}
          >
            <p className="text-sm text-slate-700 dark:text-slate-300">
              {t("order.extendLead", { days: settings.extensionDays, left: line.extensionsLeft })}
            </p>
          </ActionForm>
        ) : null}
      </TitledCard>

      {order.history.length > 0 ? (
        <TitledCard title={t("contacts.title")} id="contacts-heading">
          <ContactLog contacts={contacts} />
        </TitledCard>
      ) : null}

      <TitledCard title={t("order.previewTitle")} id="preview-heading">
        <dl
          className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-dashed border-slate-300 p-3 text-sm dark:border-slate-700"
          data-testid="waybill-preview"
        >
          <dt className="text-slate-600 dark:text-slate-400">{t("order.recipient")}</dt>
          <dd>{order.recipientMasked}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t("order.address")}</dt>
          <dd>{localized(order.addressMaskedNames, locale, order.addressMasked)}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t("order.phone")}</dt>
          <dd className="font-digits" data-testid="waybill-phone">
            {waybillPhone}
          </dd>
          {order.trackingNumber ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">{t("order.tracking")}</dt>
              <dd className="font-digits">
                {order.courier ? localName(order.courier, locale) : null} {order.trackingNumber}
              </dd>
            </>
          ) : null}
        </dl>
      </TitledCard>

      <TitledCard title={t("order.timelineTitle")} id="timeline-heading">
        <ol className="flex flex-col gap-2 text-sm" aria-label={t("order.timelineTitle")}>
          {timeline(order, t, locale).map((entry) => (
            <li key={`${entry.at.getTime()}-${entry.label}`} className="flex justify-between gap-4">
              <span>{entry.label}</span>
              <time dateTime={entry.at.toISOString()} className="shrink-0 text-slate-600 dark:text-slate-400">
                {formatDateTime(entry.at, locale)}
              </time>
            </li>
          ))}
        </ol>
      </TitledCard>

      {isDemoMode() ? (
        <section
          aria-labelledby="tester-heading"
          className="flex flex-col gap-3 rounded-2xl border border-dashed border-amber-400 p-4 dark:border-amber-700"
        >
          <h2 id="tester-heading" className="font-semibold">
            {t("tester.title")}
          </h2>
          <div className="flex flex-wrap gap-2">
            {transitionsFrom(order.status).map((transition) => (
              <ActionForm
                key={transition}
                action={testerTransitionAction}
                hidden={{ orderId: order.id, transition }}
                label={t(`tester.${transition}`)}
              />
            ))}
          </div>
          {order.status === "completed" ? (
            <ActionForm action={moveCompletionBackAction} hidden={{ orderId: order.id }} label={t("tester.moveBack")}>
              <label htmlFor="days" className="text-sm font-medium">
                {t("tester.daysBack")}
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

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(OrderPage);
