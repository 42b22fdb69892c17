import { AppShell } from "@/components/app-shell";
import { getViewer } from "@/lib/dal";

export default async function OperatorLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  // The page checks the role itself (a buyer gets 404); anonymous visitors are sent to sign-in by it.
  if (!viewer) return children;
  return <AppShell viewer={viewer}>{children}</AppShell>;
}
