import { Card } from "@/components/ui/card";
import type { Translator } from "@/lib/i18n/server";
import type { ChurnDto } from "@/lib/operator/churn";
import { MUTED } from "./parts";

/** Buyers who end lines far more often than they have orders: how one account would drain the pool. */
export function ChurnSection({ churners, t }: { churners: ChurnDto[]; t: Translator }) {
  return (
    <Card as="section" aria-labelledby="churn-heading" className="flex flex-col gap-3">
      <h2 id="churn-heading" className="text-lg font-semibold">
        {t("operator.churn.title")}
      </h2>
      <p className={MUTED}>{t("operator.churn.lead")}</p>
      {churners.length === 0 ? (
        <p className="text-sm">{t("operator.churn.none")}</p>
      ) : (
        <table className="text-sm">
          <thead>
            <tr className="text-left">
              <th scope="col">{t("operator.churn.buyer")}</th>
              <th scope="col">{t("operator.churn.orders")}</th>
              <th scope="col">{t("operator.churn.ended")}</th>
            </tr>
          </thead>
          <tbody>
            {churners.map((row) => (
              <tr key={row.buyer}>
                <td>{row.buyer}</td>
                <td className="font-digits">{row.orders}</td>
                <td className="font-digits">{row.endedLines}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
