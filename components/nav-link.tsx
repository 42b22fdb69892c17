"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLink({
  href,
  children,
  className = "",
}: {
  href: string;
  children: React.ReactNode;
  className?: string;
}) {
  const pathname = usePathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`inline-flex min-h-11 items-center justify-center rounded-lg px-3 font-medium aria-[current=page]:bg-brand-100 aria-[current=page]:text-brand-800 dark:aria-[current=page]:bg-brand-800 dark:aria-[current=page]:text-white ${className}`}
    >
      {children}
    </Link>
  );
}
