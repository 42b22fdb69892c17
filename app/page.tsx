import { redirect } from "next/navigation";
import { getViewer } from "@/lib/dal";
import { unavailableOnOutage } from "@/lib/db/outage";

async function Home(): Promise<never> {
  redirect((await getViewer()) ? "/orders" : "/sign-in");
}

// A render that loses the database answers the 503 outage page (lib/db/outage.ts).
export default unavailableOnOutage(Home);
