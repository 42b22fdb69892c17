import type { Metadata } from "next";
import { pasteNoticeAction } from "@/app/(buyer)/actions";
import { OfflineStamp } from "@/components/offline-stamp";
import { ParcelCard } from "@/components/parcel-card";
import { PasteNotice } from "@/components/paste-notice";
import { requireViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { unavailableOnOutage } from "@/lib/db/outage";
import { TIME_ZONE } from "@/lib/i18n/config";
import { getI18n } from "@/lib/i18n/server";
import { listPickupParcels, type ParcelDto } from "@/lib/protection/parcels";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("pickup.title") };
}

async function ParcelSection({
  id,
  title,
  lead,
  parcels,
  now,
}: {
  id: string;
  title: string;
  lead?: string;
  parcels: ParcelDto[];
  now: Date;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3">
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title} <span className="text-slate-600 dark:text-slate-400">({parcels.length})</span>
        </h2>
        {lead ? <p className="text-sm text-slate-700 dark:text-slate-300">{lead}</p> : null}
      </div>
      <ul className="flex flex-col gap-3" data-testid={`${id}-list`}>
        {parcels.map((parcel) => (
          <ParcelCard key={parcel.id} parcel={parcel} now={now} />
        ))}
      </ul>
    </section>
  );
}

/** 14:32 in the app's time zone. */
function clock(at: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

async function PickupPage() {
  const viewer = await requireViewer("/pickup");
  const { t, locale } = await getI18n();
  const db = await getDb();
  const now = new Date();
  const { ready, onTheWay } = await listPickupParcels(db, { buyerId: viewer.id, now });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("pickup.title")}</h1>
        <p className="text-slate-700 dark:text-slate-300">{t("pickup.lead")}</p>
        <OfflineStamp
          at={now.toISOString()}
          online={t("offline.asOf", { time: clock(now, locale) })}
          offline={t("offline.offlineAsOf", { time: clock(now, locale) })}
        />
      </div>
      {ready.length === 0 && onTheWay.length === 0 ? (
        <p className="rounded-2xl bg-white p-6 text-center text-slate-700 shadow-sm dark:bg-slate-900 dark:text-slate-300">
          {t("pickup.empty")}
        </p>
      ) : null}
      {ready.length > 0 ? <ParcelSection id="ready" title={t("pickup.ready")} parcels={ready} now={now} /> : null}
      {onTheWay.length > 0 ? (
        <ParcelSection
          id="on-the-way"
          title={t("pickup.onTheWay")}
          lead={t("pickup.onTheWayLead")}
          parcels={onTheWay}
          now={now}
        />
      ) : null}
      <PasteNotice action={pasteNoticeAction} />
    </div>
  );
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(PickupPage);
