import { redirect } from "next/navigation";
import { getViewer } from "@/lib/dal";

export default async function Home() {
  redirect((await getViewer()) ? "/orders" : "/sign-in");
}
