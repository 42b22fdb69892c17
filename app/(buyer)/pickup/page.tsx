import type { Metadata } from "next";
import Link from "next/link";
import { CounterView } from "@/components/counter-view";
import { PickupCodes } from "@/components/pickup-codes";
import { Card, EmptyCard } from "@/components/ui/card";
import { requireViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { localName } from "@/lib/i18n/names";
import { getI18n } from "@/lib/i18n/server";
import { listPickupCodes } from "@/lib/protection/contacts";
import { listLiveLines } from "@/lib/protection/queries";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("pickup.title") };
}

export default async function PickupPage() {
  const viewer = await requireViewer("/pickup");
  const { t, locale } = await getI18n();
  const db = await getDb();
  const now = new Date();
  const [lines, codes] = await Promise.all([
    listLiveLines(db, { buyerId: viewer.id, now }),
    listPickupCodes(db, { buyerId: viewer.id, now }),
  ]);
  const waitingCode = new Map<string, string>();
  for (const code of codes)
    if (!code.pickedUpAt && !waitingCode.has(code.orderId)) waitingCode.set(code.orderId, code.code);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("pickup.title")}</h1>
        <p className="text-slate-600 dark:text-slate-400">{t("pickup.lead")}</p>
      </div>
      {lines.length === 0 ? (
        <EmptyCard className="text-center">{t("pickup.empty")}</EmptyCard>
      ) : (
        <ul className="flex flex-col gap-3" aria-label={t("pickup.listLabel")}>
          {lines.map((entry) => (
            <Card as="li" padding="sm" key={entry.orderId} className="flex items-center justify-between gap-4">
              <div className="min-w-0">
                <p className="truncate font-semibold">
                  <Link href={`/orders/${entry.orderId}`} className="hover:underline">
                    {entry.item}
                  </Link>
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">{localName(entry.merchant, locale)}</p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {entry.courier
                    ? `${localName(entry.courier, locale)} ${entry.trackingNumber ?? ""}`
                    : t(`status.${entry.status}`)}
                </p>
              </div>
              <div className="flex flex-col items-end gap-2 text-right">
                <p>
                  <span className="block text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
                    {t("line.lastFour")}
                  </span>
                  <span
                    data-testid="pickup-last-four"
                    className="font-digits text-6xl font-bold leading-none tracking-widest"
                  >
                    {entry.line.lastFour}
                  </span>
                </p>
                <CounterView
                  lastFour={entry.line.lastFour}
                  pickupCode={waitingCode.get(entry.orderId) ?? null}
                  title={entry.item}
                />
              </div>
            </Card>
          ))}
        </ul>
      )}
      <PickupCodes codes={codes} />
    </div>
  );
}
