import { handleStandardWebhook } from "@/lib/relay/standard";

export const runtime = "nodejs";

/** A message or pickup notice to a special line, Standard Webhooks signed JSON: stored on the order, code picked out. */
export async function POST(request: Request): Promise<Response> {
  return handleStandardWebhook(request, "message");
}
