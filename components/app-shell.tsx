import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { LanguageSwitcher } from "@/components/language-switcher";
import { NavLink } from "@/components/nav-link";
import { ReminderBell } from "@/components/reminder-bell";
import type { Viewer } from "@/lib/dal";
import { getI18n } from "@/lib/i18n/server";
import { offlineKey } from "@/lib/pwa/offline-key";

export async function AppShell({ viewer, children }: { viewer: Viewer; children: React.ReactNode }) {
  const { t } = await getI18n();
  const nav = [
    { href: "/privacy", label: t("common.nav.privacy") },
    { href: "/orders", label: t("common.nav.orders") },
    { href: "/pickup", label: t("common.nav.pickup") },
  ];
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 focus:text-slate-900"
      >
        {t("common.skipToContent")}
      </a>
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
        <div className="mx-auto flex max-w-3xl items-center gap-2 px-3 py-2">
          <Link href="/orders" className="mr-auto min-h-11 content-center font-semibold leading-tight">
            {t("common.appName")}
            <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">
              {t("common.productNameAlt")}
            </span>
          </Link>
          <nav aria-label={t("common.nav.main")} className="hidden gap-1 sm:flex">
            {nav.map((item) => (
              <NavLink key={item.href} href={item.href}>
                {item.label}
              </NavLink>
            ))}
          </nav>
          <Link
            href="/pickup"
            className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-3 font-semibold text-white hover:bg-brand-800 sm:hidden"
          >
            {t("common.nav.pickup")}
          </Link>
          <ReminderBell viewer={viewer} />
          <details className="relative">
            <summary className="flex min-h-11 min-w-11 cursor-pointer list-none items-center justify-center rounded-full bg-slate-100 px-3 font-medium dark:bg-slate-800">
              <span className="sr-only">{t("common.accountMenu", { name: viewer.name })}</span>
              <span aria-hidden="true">{viewer.name.slice(0, 1).toUpperCase()}</span>
            </summary>
            <div className="absolute right-0 mt-2 flex w-64 flex-col gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
              <div>
                <p className="font-medium">{viewer.name}</p>
                <p className="text-sm text-slate-600 dark:text-slate-400">{viewer.email}</p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {t("common.mobile", { phone: viewer.phoneMasked })}
                </p>
              </div>
              <LanguageSwitcher />
              <Link
                href="/account"
                className="inline-flex min-h-11 items-center rounded-lg px-3 font-medium text-brand-700 hover:bg-slate-100 dark:text-brand-100 dark:hover:bg-slate-800"
              >
                {t("account.menuLink")}
              </Link>
              {viewer.role === "operator" ? (
                <Link
                  href="/operator"
                  className="inline-flex min-h-11 items-center rounded-lg px-3 font-medium text-brand-700 hover:bg-slate-100 dark:text-brand-100 dark:hover:bg-slate-800"
                >
                  {t("operator.nav")}
                </Link>
              ) : null}
              <form action={signOutAction}>
                <button
                  type="submit"
                  className="min-h-11 w-full rounded-lg border border-slate-300 px-3 font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
                >
                  {t("common.signOut")}
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
        aria-label={t("common.nav.bottom")}
        className="fixed inset-x-0 bottom-0 z-20 grid grid-cols-3 gap-1 border-t border-slate-200 bg-white p-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] sm:hidden dark:border-slate-800 dark:bg-slate-900"
      >
        {nav.map((item) => (
          <NavLink key={item.href} href={item.href}>
            {item.label}
          </NavLink>
        ))}
      </nav>
      {/* Whose pages these are, for the service worker (lib/pwa/sw.ts): it keeps Pickup under this key. */}
      <meta name="offline-key" content={offlineKey(viewer.id)} />
    </div>
  );
}
