import type { ActionState } from "@/lib/action-state";

/**
 * The form's outcome, announced politely to screen readers. `byFields`: the form shows field errors
 * beside their fields, so an error that has them is not said a second time here.
 */
export function FormMessage({ state, byFields = false }: { state: ActionState; byFields?: boolean }) {
  const shownByFields = byFields && Object.keys(state.fieldErrors ?? {}).length > 0;
  const tone =
    state.status === "error"
      ? "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200";
  return (
    <div aria-live="polite" role="status">
      {state.message && state.status !== "idle" && !shownByFields ? (
        <p className={`rounded-lg border px-3 py-2 text-sm ${tone}`}>{state.message}</p>
      ) : null}
    </div>
  );
}
