import { relayRoute } from "@/lib/relay/pipeline";
import { twilioVoice } from "@/lib/relay/twilio";

export const POST = relayRoute(twilioVoice);
