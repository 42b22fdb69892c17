import { AppShell } from "@/components/app-shell";
import { getViewer } from "@/lib/dal";

export default async function BuyerLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  // Anonymous: each page redirects to sign-in itself, with its own path to come back to.
  if (!viewer) return children;
  return <AppShell viewer={viewer}>{children}</AppShell>;
}
