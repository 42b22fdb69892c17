import { relayRoute } from "@/lib/relay/pipeline";
import { standardCall } from "@/lib/relay/standard";

export const runtime = "nodejs";
export const POST = relayRoute(standardCall);
