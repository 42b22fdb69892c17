"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

/** Copies `value`; screen readers hear "Copied" through the polite live region. */
export function CopyButton({ value, label, className = "" }: { value: string; label: string; className?: string }) {
  const t = useTranslations("line");
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
    window.setTimeout(() => setStatus("idle"), 2500);
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={copy}
        className={`inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700 ${className}`}
      >
        {label}
      </button>
      <span aria-live="polite" role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
        {status === "copied" ? t("copied") : status === "failed" ? t("copyFailed") : ""}
      </span>
    </span>
  );
}
