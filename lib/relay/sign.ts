import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** The headers a provider sends with a Standard Webhooks request: what the CLI, tests and e2e sign with. */
export function signRelayRequest({
  secret,
  body,
  id = `msg_${randomBytes(12).toString("hex")}`,
  at = new Date(),
}: {
  secret: string;
  body: string;
  id?: string;
  at?: Date;
}): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}
