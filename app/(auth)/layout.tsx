import { LanguageSwitcher } from "@/components/language-switcher";
import { ServiceWorkerRegister } from "@/components/sw-register";
import { getI18n } from "@/lib/i18n/server";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const { t } = await getI18n();
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 px-4 py-10">
      <p className="text-center text-sm font-medium text-brand-700 dark:text-brand-100">
        {t("common.productName")} · {t("common.productNameAlt")}
      </p>
      {children}
      <div className="flex justify-center">
        <LanguageSwitcher />
      </div>
      <ServiceWorkerRegister />
    </main>
  );
}
