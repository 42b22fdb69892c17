import { ownLastFourForm } from "@/app/(buyer)/actions";
import { SwitchLook } from "@/components/protection-switch";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import type { Translator } from "@/lib/i18n/server";

export type OwnLastFourOutcome = "on" | "off" | "invalid" | null;

/**
 * The Privacy page's choice of lines ending in the buyer's own last four: one switch and the sentence
 * that says what merchants and couriers then see. `lastFour` is the masked number's, never more. A
 * plain form (no script of its own, so Privacy stays within its script budget): the switch submits the
 * other choice, and `outcome` is what the last change said, from the address.
 */
export function OwnLastFourSection({
  enabled,
  lastFour,
  outcome,
  t,
}: {
  enabled: boolean;
  lastFour: string;
  outcome: OwnLastFourOutcome;
  t: Translator;
}) {
  const state =
    outcome === "invalid"
      ? ({ status: "error", message: t("validation.invalid") } as const)
      : outcome
        ? ({
            status: "success",
            message: t(outcome === "on" ? "actions.ownLastFourOn" : "actions.ownLastFourOff"),
          } as const)
        : ({ status: "idle" } as const);
  return (
    <Card as="section" aria-labelledby="own-last-four-heading">
      <h2 id="own-last-four-heading" className="text-lg font-semibold">
        {t("privacy.ownLastFour.title")}
      </h2>
      <p id="own-last-four-explanation" className="mt-2 text-slate-700 dark:text-slate-300">
        {t("privacy.ownLastFour.explanation", { lastFour })}
      </p>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {t("privacy.ownLastFour.fallback", { lastFour })}
      </p>
      <form action={ownLastFourForm}>
        <input type="hidden" name="choice" value={enabled ? "off" : "on"} />
        <button
          type="submit"
          role="switch"
          aria-checked={enabled}
          aria-label={t("privacy.ownLastFour.switchLabel")}
          aria-describedby="own-last-four-explanation"
          className="mt-4 -ml-1 inline-flex min-h-11 items-center gap-3 rounded-lg px-1"
        >
          <SwitchLook on={enabled} />
          <span className="font-medium">{t(enabled ? "privacy.ownLastFour.on" : "privacy.ownLastFour.off")}</span>
        </button>
      </form>
      <div className="mt-2">
        <FormMessage state={state} />
      </div>
    </Card>
  );
}
