import { relayRoute } from "@/lib/relay/pipeline";
import { standardMessage } from "@/lib/relay/standard";

export const POST = relayRoute(standardMessage);
