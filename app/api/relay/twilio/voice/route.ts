import { handleTwilioVoice } from "@/lib/relay/twilio";

export const runtime = "nodejs";

/** Twilio's voice webhook for a host number: gather the extension, then dial the real number or hang up. */
export async function POST(request: Request): Promise<Response> {
  return handleTwilioVoice(request);
}
