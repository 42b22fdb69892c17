"use client";

import { useActionState, useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle, type PasteState } from "@/lib/action-state";

const MAX_CHARS = 2_000;

/**
 * A pickup notice pasted by hand. When it fits more than one parcel the same form comes back with them
 * listed, the text kept, for the buyer to choose.
 */
export function PasteNotice({ action }: { action: (prev: PasteState, formData: FormData) => Promise<PasteState> }) {
  const t = useTranslations("pickup");
  const [state, formAction] = useActionState(action, idle as PasteState);
  const [text, setText] = useState("");
  const textErrors = state.fieldErrors?.text;
  const choosing = state.candidates && state.candidates.length > 0;
  useEffect(() => {
    if (state.status === "success") setText("");
  }, [state]);
  return (
    <section aria-labelledby="paste-heading" className="flex flex-col gap-2">
      <h2 id="paste-heading" className="text-lg font-semibold">
        {t("pasteTitle")}
      </h2>
      <form
        action={formAction}
        className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      >
        <p id="paste-lead" className="text-sm text-slate-700 dark:text-slate-300">
          {t("pasteLead")}
        </p>
        <label htmlFor="paste-text" className="text-sm font-medium">
          {t("pasteLabel")}
        </label>
        <textarea
          id="paste-text"
          name="text"
          rows={4}
          required
          maxLength={MAX_CHARS}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={textErrors?.length ? true : undefined}
          aria-describedby={textErrors?.length ? "paste-lead paste-text-error" : "paste-lead"}
          className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-base aria-invalid:border-red-600 dark:border-slate-600 dark:bg-slate-900"
        />
        {textErrors?.length ? (
          <p id="paste-text-error" className="text-sm text-red-700 dark:text-red-400">
            {textErrors.join(" ")}
          </p>
        ) : null}
        {choosing ? (
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 font-medium">{t("pasteChoose")}</legend>
            {state.candidates?.map((candidate) => (
              <label
                key={candidate.id}
                className="flex min-h-11 items-center gap-3 rounded-lg border border-slate-300 px-3 py-2 dark:border-slate-600"
              >
                <input type="radio" name="parcelId" value={candidate.id} required />
                <span>{candidate.label}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <SubmitButton variant="primary" className="self-start">
          {choosing ? t("pasteChooseSubmit") : t("pasteSubmit")}
        </SubmitButton>
        <FormMessage state={choosing || textErrors?.length ? idle : state} />
      </form>
    </section>
  );
}
