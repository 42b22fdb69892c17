"use client";

/** Loads the address again: on the offline page, that is the page it stands in for. */
export function ReloadButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      onClick={() => window.location.reload()}
      className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-4 font-medium dark:border-slate-600"
    >
      {label}
    </button>
  );
}
