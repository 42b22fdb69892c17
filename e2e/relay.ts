import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, type Locator, test } from "@playwright/test";
import { signRelayRequest } from "../lib/relay/sign";
import { REMOTE } from "./remote";

/**
 * The relay's signing secret of the server under test: the environment's (scripts/e2e.ts sets it
 * for a server database; a tester gives the one of E2E_BASE_URL), else the one the app generated
 * into its data folder.
 */
function relaySecret(): string {
  const fromEnv = process.env.RELAY_SIGNING_SECRET;
  if (fromEnv) return fromEnv;
  test.skip(!!REMOTE, `signing relay requests to ${REMOTE} needs its RELAY_SIGNING_SECRET in the environment`);
  const dir = process.env.E2E_DATA_DIR || ".data-e2e/default";
  return JSON.parse(readFileSync(path.join(dir, "relay-secrets.json"), "utf8")).RELAY_SIGNING_SECRET;
}

export type RelayAnswer = { action: "forward" | "reject"; reason?: string; pickupCode?: string; whisper?: string };

/** Posts a correctly signed provider request, as the telephony provider would. */
export async function relay(
  request: APIRequestContext,
  kind: "call" | "message",
  body: { to: string; extension: string; from: string; text?: string },
): Promise<RelayAnswer> {
  const raw = JSON.stringify(body);
  const response = await request.post(`/api/relay/${kind}`, {
    headers: signRelayRequest({ secret: relaySecret(), body: raw }),
    data: raw,
  });
  if (!response.ok()) throw new Error(`relay ${kind} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as RelayAnswer;
}

/** `170 1234 5678 ext. 0421` on the page → the numbers a caller dials. */
export async function dialledLine(line: Locator): Promise<{ to: string; extension: string }> {
  const text = (await line.textContent()) ?? "";
  const match = text.match(/^(\d{3}) (\d{4}) (\d{4}) (?:ext\.|转) (\d{4})$/);
  if (!match) throw new Error(`not a special line: "${text}"`);
  return { to: `${match[1]}${match[2]}${match[3]}`, extension: match[4] as string };
}

/**
 * "Send this pickup notice to that line": a parcel station's SMS to the special line, as the
 * provider relays it. Returns the relay's answer (`pickupCode` when it read one).
 */
export function sendPickupNotice(
  request: APIRequestContext,
  line: { to: string; extension: string },
  {
    code = "5-2-1234",
    station = "菜鸟驿站",
    from = "10690000123",
  }: { code?: string; station?: string; from?: string } = {},
): Promise<RelayAnswer> {
  return relay(request, "message", {
    ...line,
    from,
    text: `【${station}】您的包裹已到文三路店，请凭取件码 ${code} 取件`,
  });
}
