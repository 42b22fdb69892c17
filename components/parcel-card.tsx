import { markPickedUpAction } from "@/app/(buyer)/actions";
import { ActionForm } from "@/components/action-form";
import { Codes } from "@/components/codes";
import { CounterView } from "@/components/counter-view";
import { OtherDigitsNotice } from "@/components/other-digits-notice";
import { code128Svg } from "@/lib/barcode";
import { formatDateTime } from "@/lib/format";
import { localized, localName } from "@/lib/i18n/names";
import { getI18n } from "@/lib/i18n/server";
import type { ParcelDto } from "@/lib/protection/parcels";

const SOON_MS = 24 * 60 * 60 * 1000;

/** A deadline within a day (or past) is urgent; the notice's own words are kept when no instant was read. */
async function Deadline({ deadline, now }: { deadline: NonNullable<ParcelDto["deadline"]>; now: Date }) {
  const { t, locale } = await getI18n();
  const urgent = deadline.at ? deadline.at.getTime() - now.getTime() < SOON_MS : false;
  return (
    <p
      data-testid="parcel-deadline"
      className={`self-start rounded-full px-2.5 py-0.5 text-sm font-medium ${urgent ? "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200" : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200"}`}
    >
      {deadline.at
        ? t("pickup.deadlineAt", { date: formatDateTime(deadline.at, locale) })
        : t("pickup.deadline", { text: deadline.text })}
    </p>
  );
}

/** One parcel on Pickup: where it waits, what to say at the counter, and which order it is. */
export async function ParcelCard({ parcel, now }: { parcel: ParcelDto; now: Date }) {
  const { t, locale } = await getI18n();
  const courier = parcel.courier ? localName(parcel.courier, locale) : null;
  const ready = parcel.state === "at_station";
  const item = localized(parcel.itemNames, locale, parcel.item);
  return (
    <li
      data-testid="parcel-card"
      data-parcel-id={parcel.id}
      className="flex flex-col gap-3 rounded-2xl bg-white p-3 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div className="flex flex-col gap-1">
        {ready ? <p className="text-lg font-semibold">{parcel.station ?? t("pickup.station")}</p> : null}
        <p className={ready ? "text-sm text-slate-700 dark:text-slate-300" : "font-semibold"}>
          {t("pickup.from", { item, merchant: localName(parcel.merchant, locale) })}
        </p>
        {parcel.deadline ? <Deadline deadline={parcel.deadline} now={now} /> : null}
      </div>
      {parcel.codes.length > 0 ? (
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
            {t("pickup.code", { count: parcel.codes.length })}
          </p>
          <Codes codes={parcel.codes} testId="parcel-code" className="text-4xl leading-tight" />
        </div>
      ) : ready ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">{t("pickup.noCode")}</p>
      ) : null}
      <dl className="flex flex-wrap items-end gap-x-6 gap-y-2">
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">{t("pickup.lastFour")}</dt>
          <dd
            data-testid="parcel-last-four"
            className={`font-digits font-bold leading-none whitespace-nowrap ${parcel.codes.length > 0 ? "text-2xl" : "text-5xl tracking-widest"}`}
          >
            {parcel.waybillLastFour}
          </dd>
        </div>
        <div className="text-sm text-slate-700 dark:text-slate-300">
          <dt className="sr-only">{courier ?? ""}</dt>
          <dd data-testid="parcel-tracking" className="whitespace-nowrap">
            {courier ? `${courier} · ` : ""}
            {t("pickup.tracking", { tail: parcel.trackingTail })}
          </dd>
        </div>
        {parcel.arrivedAt ? (
          <div className="text-sm text-slate-700 dark:text-slate-300">
            <dt className="sr-only">{t("pickup.ready")}</dt>
            <dd data-testid="parcel-arrived" className="whitespace-nowrap">
              {t("pickup.arrived", { date: formatDateTime(parcel.arrivedAt, locale) })}
            </dd>
          </div>
        ) : null}
      </dl>
      {parcel.waybillLine === "live" ? (
        <OtherDigitsNotice line={{ ownDigits: parcel.ownDigits, lastFour: parcel.waybillLastFour }} />
      ) : null}
      {parcel.waybillLine === "ended" ? (
        <p
          data-testid="parcel-line-ended"
          className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-800 dark:bg-slate-800 dark:text-slate-200"
        >
          {t("pickup.lineEnded", { lastFour: parcel.waybillLastFour })}
        </p>
      ) : parcel.waybillLine === "real_number" ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">{t("pickup.realNumber")}</p>
      ) : null}
      <div className="flex flex-wrap items-start gap-2">
        <CounterView
          item={item}
          codes={parcel.codes}
          lastFour={parcel.waybillLastFour}
          trackingNumber={parcel.trackingNumber}
          trackingTail={parcel.trackingTail}
          barcodeSvg={code128Svg(parcel.trackingNumber)}
        />
        <ActionForm action={markPickedUpAction} hidden={{ parcelId: parcel.id }} label={t("pickup.markPickedUp")} />
      </div>
    </li>
  );
}
