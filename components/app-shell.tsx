import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { NavLink } from "@/components/nav-link";
import type { Viewer } from "@/lib/dal";

const NAV = [
  { href: "/privacy", label: "Privacy" },
  { href: "/orders", label: "Orders" },
  { href: "/pickup", label: "Pickup" },
];

export function AppShell({ viewer, children }: { viewer: Viewer; children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
        <div className="mx-auto flex max-w-3xl items-center gap-2 px-3 py-2">
          <Link href="/orders" className="mr-auto min-h-11 content-center font-semibold leading-tight">
            Number protection
            <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">订单号码保护</span>
          </Link>
          <nav aria-label="Main" className="hidden gap-1 sm:flex">
            {NAV.map((item) => (
              <NavLink key={item.href} href={item.href}>
                {item.label}
              </NavLink>
            ))}
          </nav>
          <Link
            href="/pickup"
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-3 font-semibold text-white hover:bg-brand-700 sm:hidden"
          >
            Pickup
          </Link>
          <details className="relative">
            <summary className="flex min-h-11 min-w-11 cursor-pointer list-none items-center justify-center rounded-full bg-slate-100 px-3 font-medium dark:bg-slate-800">
              <span className="sr-only">Account menu for </span>
              <span aria-hidden="true">{viewer.name.slice(0, 1).toUpperCase()}</span>
              <span className="sr-only">{viewer.name}</span>
            </summary>
            <div className="absolute right-0 mt-2 w-64 rounded-xl border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
              <p className="font-medium">{viewer.name}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">{viewer.email}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">Mobile {viewer.phoneMasked}</p>
              <form action={signOutAction} className="mt-3">
                <button
                  type="submit"
                  className="min-h-11 w-full rounded-lg border border-slate-300 px-3 font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
                >
                  Sign out
                </button>
              </form>
            </div>
          </details>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-3 pb-28 pt-4 sm:pb-10">
        {children}
      </main>
      <nav
        aria-label="Bottom"
        className="fixed inset-x-0 bottom-0 z-20 grid grid-cols-3 gap-1 border-t border-slate-200 bg-white p-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] sm:hidden dark:border-slate-800 dark:bg-slate-900"
      >
        {NAV.map((item) => (
          <NavLink key={item.href} href={item.href}>
            {item.label}
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
