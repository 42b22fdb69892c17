export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-10">
      <p className="mb-6 text-center text-sm font-medium text-brand-700 dark:text-brand-100">
        Order number protection · 订单号码保护
      </p>
      {children}
    </main>
  );
}
