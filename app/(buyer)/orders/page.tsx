import type { Metadata } from "next";
import Link from "next/link";
import { placeTestOrderAction } from "@/app/(buyer)/tester-actions";
import { ActionForm } from "@/components/action-form";
import { OrderCard } from "@/components/order-card";
import { ServiceWorkerRegister } from "@/components/sw-register";
import { EmptyCard } from "@/components/ui/card";
import { requireViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { unavailableOnOutage } from "@/lib/db/outage";
import { merchantOptions } from "@/lib/demo/merchants";
import { isDemoMode } from "@/lib/env";
import { localName } from "@/lib/i18n/names";
import { getI18n } from "@/lib/i18n/server";
import { parcelStatesFor } from "@/lib/protection/parcels";
import { decodeCursor, listOrdersForBuyer } from "@/lib/protection/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("orders.title") };
}

async function OrdersPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const { after } = await searchParams;
  const viewer = await requireViewer(after ? `/orders?after=${encodeURIComponent(after)}` : "/orders");
  const { t, locale } = await getI18n();
  const db = await getDb();
  const page = await listOrdersForBuyer(db, { buyerId: viewer.id, now: new Date(), after: decodeCursor(after) });
  const parcelStates = await parcelStatesFor(db, {
    buyerId: viewer.id,
    orderIds: page.items.filter((order) => order.open).map((order) => order.id),
  });
  const demo = isDemoMode();
  const merchants = demo ? await merchantOptions(db) : [];
  return (
    <div className="flex flex-col gap-4">
      <ServiceWorkerRegister />
      <h1 className="text-2xl font-semibold">{t("orders.title")}</h1>
      {page.items.length === 0 ? (
        <EmptyCard className="text-center">{t(after ? "orders.noMore" : "orders.empty")}</EmptyCard>
      ) : (
        <ul className="flex flex-col gap-4" aria-label={t("orders.listLabel")}>
          {page.items.map((order) => (
            <li key={order.id}>
              <OrderCard
                order={order}
                parcelOnItsWay={["on_the_way", "at_station"].includes(parcelStates.get(order.id) ?? "")}
              />
            </li>
          ))}
        </ul>
      )}
      <nav aria-label={t("orders.pagination")} className="flex justify-between gap-2">
        {after ? (
          <Link
            href="/orders"
            className="inline-flex min-h-11 items-center font-medium text-brand-700 underline dark:text-brand-100"
          >
            {t("orders.newest")}
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link
            href={`/orders?after=${page.nextCursor}`}
            className="inline-flex min-h-11 items-center font-medium text-brand-700 underline dark:text-brand-100"
          >
            {t("orders.older")}
          </Link>
        ) : null}
      </nav>
      {demo ? (
        <details className="rounded-2xl border border-dashed border-amber-400 p-4 dark:border-amber-700">
          <summary className="min-h-11 cursor-pointer content-center font-semibold">{t("tester.title")}</summary>
          <section aria-label={t("tester.title")} className="mt-2">
            <p className="text-sm text-slate-600 dark:text-slate-400">{t("tester.lead")}</p>
            <ActionForm action={placeTestOrderAction} label={t("tester.placeOrder")} variant="primary" className="mt-2">
              <label htmlFor="merchantId" className="text-sm font-medium">
                {t("tester.merchant")}
              </label>
              <select
                id="merchantId"
                name="merchantId"
                className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 dark:border-slate-600 dark:bg-slate-900"
              >
                {merchants.map((merchant) => (
                  <option key={merchant.id} value={merchant.id}>
                    {localName(merchant.names, locale)}
                  </option>
                ))}
              </select>
            </ActionForm>
          </section>
        </details>
      ) : null}
    </div>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(OrdersPage);
