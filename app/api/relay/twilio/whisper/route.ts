import { relayRoute } from "@/lib/relay/pipeline";
import { twilioWhisper } from "@/lib/relay/twilio";

export const POST = relayRoute(twilioWhisper);
