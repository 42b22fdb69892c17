import type { ActionState } from "@/lib/action-state";

/** The form's outcome, announced politely to screen readers. */
export function FormMessage({ state }: { state: ActionState }) {
  const tone =
    state.status === "error"
      ? "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200";
  return (
    <div aria-live="polite" role="status">
      {state.message && state.status !== "idle" ? (
        <p className={`rounded-lg border px-3 py-2 text-sm ${tone}`}>{state.message}</p>
      ) : null}
    </div>
  );
}
