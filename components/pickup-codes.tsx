import { markPickedUpAction } from "@/app/(buyer)/actions";
import { ActionForm } from "@/components/action-form";
import { Card, EmptyCard } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import { localName } from "@/lib/i18n/names";
import { getI18n } from "@/lib/i18n/server";
import type { PickupCodeDto } from "@/lib/protection/contacts";

export async function PickupCodes({ codes }: { codes: PickupCodeDto[] }) {
  const { t, locale } = await getI18n();
  return (
    <section aria-labelledby="codes-heading" className="flex flex-col gap-3">
      <div>
        <h2 id="codes-heading" className="text-lg font-semibold">
          {t("pickupCodes.title")}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("pickupCodes.lead")}</p>
      </div>
      {codes.length === 0 ? (
        <EmptyCard padding="sm" className="text-sm">
          {t("pickupCodes.empty")}
        </EmptyCard>
      ) : (
        <ul className="flex flex-col gap-3" aria-label={t("pickupCodes.listLabel")}>
          {codes.map((code) => (
            <Card
              as="li"
              padding="sm"
              key={code.contactEventId}
              data-testid="pickup-code"
              className={`flex flex-col gap-2 ${code.pickedUpAt ? "opacity-70" : ""}`}
            >
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="font-semibold">
                    {code.station ?? (code.courier ? localName(code.courier, locale) : code.item)}
                  </p>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    {code.item} · {localName(code.merchant, locale)}
                  </p>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    {t("pickupCodes.viaLine", { lastFour: code.lineLastFour })} ·{" "}
                    {t("pickupCodes.received", { date: formatDateTime(code.receivedAt, locale) })}
                  </p>
                </div>
                <p className="text-right">
                  <span className="block text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
                    {t("pickupCodes.code")}
                  </span>
                  <span data-testid="pickup-code-value" className="font-digits text-4xl font-bold leading-none">
                    {code.code}
                  </span>
                </p>
              </div>
              {code.pickedUpAt ? (
                <p className="text-sm font-medium text-emerald-800 dark:text-emerald-300">
                  {t("pickupCodes.pickedUp", { date: formatDateTime(code.pickedUpAt, locale) })}
                </p>
              ) : (
                <ActionForm
                  action={markPickedUpAction}
                  hidden={{ contactEventId: String(code.contactEventId) }}
                  label={t("pickupCodes.markPickedUp")}
                  className="self-start"
                />
              )}
            </Card>
          ))}
        </ul>
      )}
    </section>
  );
}
