import { handleTwilioMessage } from "@/lib/relay/twilio";

export const runtime = "nodejs";

/** Twilio's messaging webhook for a host number: store the message on the order, forward it to the buyer or drop it. */
export async function POST(request: Request): Promise<Response> {
  return handleTwilioMessage(request);
}
