"use client";

import { signOutAction } from "@/app/(auth)/actions";
import { forgetOfflineData } from "@/components/offline-keeper";

/** Signing out first removes this buyer's kept pages from the device, then ends the session. */
export function SignOutButton({ label }: { label: string }) {
  return (
    <form
      action={async () => {
        await forgetOfflineData().catch(() => {});
        await signOutAction();
      }}
    >
      <button
        type="submit"
        className="min-h-11 w-full rounded-lg border border-slate-300 px-3 font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        {label}
      </button>
    </form>
  );
}
