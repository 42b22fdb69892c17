import { relayRoute } from "@/lib/relay/pipeline";
import { standardCall } from "@/lib/relay/standard";

export const POST = relayRoute(standardCall);
