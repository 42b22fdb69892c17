import { AppShell } from "@/components/app-shell";
import { getViewer } from "@/lib/dal";
import { unavailableOnOutage } from "@/lib/db/outage";

/** The signed-in shell, for the buyer's pages and the operator console ((operator)/layout.tsx is this one). */
async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  // Anonymous: each page sends the visitor to sign-in itself, with its own path to come back to.
  if (!viewer) return children;
  return <AppShell viewer={viewer}>{children}</AppShell>;
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(SignedInLayout);
