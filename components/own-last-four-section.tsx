"use client";

import { useActionState, useOptimistic, useTransition } from "react";
import { useTranslations } from "use-intl";
import { ownLastFourAction } from "@/app/(buyer)/actions";
import { SwitchLook } from "@/components/protection-switch";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { idle } from "@/lib/action-state";

/**
 * The Privacy page's choice of lines ending in the buyer's own last four: one switch and the sentence
 * that says what merchants and couriers then see. `lastFour` is the masked number's, never more.
 */
export function OwnLastFourSection({ enabled, lastFour }: { enabled: boolean; lastFour: string }) {
  const t = useTranslations("privacy.ownLastFour");
  const [state, action] = useActionState(ownLastFourAction, idle);
  const [shown, setShown] = useOptimistic(enabled);
  const [pending, startTransition] = useTransition();
  const toggle = () => {
    const form = new FormData();
    form.set("choice", shown ? "off" : "on");
    startTransition(() => {
      setShown(!shown);
      action(form);
    });
  };
  return (
    <Card as="section" aria-labelledby="own-last-four-heading">
      <h2 id="own-last-four-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p id="own-last-four-explanation" className="mt-2 text-slate-700 dark:text-slate-300">
        {t("explanation", { lastFour })}
      </p>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("fallback", { lastFour })}</p>
      <button
        type="button"
        role="switch"
        aria-checked={shown}
        aria-label={t("switchLabel")}
        aria-describedby="own-last-four-explanation"
        disabled={pending}
        onClick={toggle}
        className="mt-4 -ml-1 inline-flex min-h-11 items-center gap-3 rounded-lg px-1 disabled:opacity-70"
      >
        <SwitchLook on={shown} />
        <span className="font-medium">{t(shown ? "on" : "off")}</span>
      </button>
      <div className="mt-2">
        <FormMessage state={state} />
      </div>
    </Card>
  );
}
