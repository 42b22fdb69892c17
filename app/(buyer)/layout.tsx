import { AppShell } from "@/components/app-shell";
import { getViewer } from "@/lib/dal";

/** The signed-in shell, for the buyer's pages and the operator console ((operator)/layout.tsx is this one). */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  // Anonymous: each page sends the visitor to sign-in itself, with its own path to come back to.
  if (!viewer) return children;
  return <AppShell viewer={viewer}>{children}</AppShell>;
}
