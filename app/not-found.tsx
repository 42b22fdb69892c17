import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">This page does not exist, or it is not yours to see.</p>
      <Link href="/orders" className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-3 font-medium text-white">
        Back to my orders
      </Link>
    </main>
  );
}
