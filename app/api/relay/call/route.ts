import { handleStandardWebhook } from "@/lib/relay/standard";

export const runtime = "nodejs";

/** A call to a special line, Standard Webhooks signed JSON: forward to the real number or reject, logged on the order. */
export async function POST(request: Request): Promise<Response> {
  return handleStandardWebhook(request, "call");
}
