"use client";

import { useActionState, useEffect, useId, useRef } from "react";
import { useTranslations } from "use-intl";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { type ActionState, idle } from "@/lib/action-state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A button that opens a modal <dialog> (which traps focus and returns it on close) holding a
 * confirmation and a form posting to a server action. Closes itself when the action succeeds.
 */
export function ActionDialog({
  trigger,
  triggerClassName = "",
  title,
  children,
  action,
  hidden,
  confirmLabel,
  confirmVariant = "primary",
  extraButtons,
  triggerDisabled,
  switchChecked,
}: {
  trigger: React.ReactNode;
  triggerClassName?: string;
  title: string;
  children: React.ReactNode;
  action: Action;
  hidden?: Record<string, string>;
  confirmLabel?: string;
  confirmVariant?: "primary" | "danger" | "secondary";
  extraButtons?: React.ReactNode;
  triggerDisabled?: boolean;
  /** Makes the trigger a switch (role="switch") showing this state. */
  switchChecked?: boolean;
}) {
  const t = useTranslations("common");
  const ref = useRef<HTMLDialogElement>(null);
  const [state, formAction] = useActionState(action, idle);
  useEffect(() => {
    if (state.status === "success") ref.current?.close();
  }, [state]);
  const open = () => ref.current?.showModal();
  const triggerClasses = `inline-flex min-h-11 items-center justify-center rounded-lg px-4 font-medium disabled:cursor-not-allowed disabled:opacity-60 ${triggerClassName}`;
  // Several dialogs with one title (a block per caller) share a page: the id must not come from the title.
  const titleId = `dialog-title-${useId()}`;
  return (
    <>
      {switchChecked === undefined ? (
        <button type="button" disabled={triggerDisabled} onClick={open} className={triggerClasses}>
          {trigger}
        </button>
      ) : (
        <button
          type="button"
          role="switch"
          aria-checked={switchChecked}
          disabled={triggerDisabled}
          onClick={open}
          className={triggerClasses}
        >
          {trigger}
        </button>
      )}
      {state.status === "success" && state.message ? (
        <p role="status" className="mt-2 text-sm text-emerald-800 dark:text-emerald-300">
          {state.message}
        </p>
      ) : null}
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-2xl bg-white p-0 text-slate-900 shadow-xl dark:bg-slate-900 dark:text-slate-100"
      >
        <form action={formAction} className="flex flex-col gap-4 p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="flex flex-col gap-3 text-sm leading-relaxed">{children}</div>
          {Object.entries(hidden ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {state.status === "error" ? <FormMessage state={state} /> : null}
          <div className="flex flex-wrap justify-end gap-2">
            <button
              type="button"
              onClick={() => ref.current?.close()}
              className="min-h-11 rounded-lg px-4 font-medium hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              {t("cancel")}
            </button>
            {extraButtons}
            {confirmLabel ? <SubmitButton variant={confirmVariant}>{confirmLabel}</SubmitButton> : null}
          </div>
        </form>
      </dialog>
    </>
  );
}
