import { relayRoute } from "@/lib/relay/pipeline";
import { twilioMessage } from "@/lib/relay/twilio";

export const POST = relayRoute(twilioMessage);
