import { handleTwilioWhisper } from "@/lib/relay/twilio";

export const runtime = "nodejs";

/** Read to the buyer, on their leg only, before a forwarded call is bridged. */
export async function POST(request: Request): Promise<Response> {
  return handleTwilioWhisper(request);
}
