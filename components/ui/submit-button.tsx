"use client";

import { useFormStatus } from "react-dom";
import { useTranslations } from "use-intl";

const VARIANTS = {
  primary: "bg-brand-700 text-white hover:bg-brand-800 disabled:bg-brand-700/60",
  danger: "bg-red-600 text-white hover:bg-red-700 disabled:bg-red-600/60",
  secondary:
    "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700",
} as const;

export function SubmitButton({
  children,
  pendingLabel,
  variant = "primary",
  className = "",
  name,
  value,
}: {
  children: React.ReactNode;
  pendingLabel?: string;
  variant?: keyof typeof VARIANTS;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  const t = useTranslations("common");
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-disabled={pending}
      className={`inline-flex min-h-11 items-center justify-center rounded-lg px-4 py-2.5 font-medium transition-colors ${VARIANTS[variant]} ${className}`}
    >
      {pending ? (pendingLabel ?? t("working")) : children}
    </button>
  );
}
