/**
 * Try the relay by hand: sends a Standard Webhooks signed request to a running app and prints the answer.
 *
 *   npm run relay -- call --to 17012345678 --ext 0421 --from 13900001111
 *   npm run relay -- message --to 17012345678 --ext 0421 --from 15800002222 --text "【菜鸟驿站】取件码 5-2-1234"
 *
 * Options: --url (default http://localhost:3000), --id (a webhook-id, to try a replay), --show-number
 * (print the forward target in full; masked by default). The secret is RELAY_SIGNING_SECRET, else the
 * one the app generated into DATA_DIR/relay-secrets.json.
 */
import { parseArgs } from "node:util";
import { maskPhone } from "@/lib/phone";
import { relaySecrets } from "@/lib/relay/secrets";
import { signRelayRequest } from "@/lib/relay/sign";

const USAGE = `usage:
  npm run relay -- call    --to <host> --ext <4 digits> --from <caller> [--url http://localhost:3000] [--id <webhook-id>] [--show-number]
  npm run relay -- message --to <host> --ext <4 digits> --from <sender> --text <text> [same options]`;

function isForward(answer: unknown): answer is { to: string } {
  return typeof answer === "object" && answer !== null && typeof (answer as { to?: unknown }).to === "string";
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: "string" },
      ext: { type: "string" },
      from: { type: "string" },
      text: { type: "string" },
      url: { type: "string", default: process.env.RELAY_URL || "http://localhost:3000" },
      id: { type: "string" },
      "show-number": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.info(USAGE);
    return 0;
  }
  const [kind] = positionals;
  if (kind !== "call" && kind !== "message") fail("say whether to send a call or a message");
  if (!values.to || !values.ext || !values.from) fail("--to, --ext and --from are required");
  if (kind === "message" && !values.text) fail("a message needs --text");

  const payload =
    kind === "call"
      ? { to: values.to, extension: values.ext, from: values.from }
      : { to: values.to, extension: values.ext, from: values.from, text: values.text };
  const body = JSON.stringify(payload);
  const headers = signRelayRequest({ secret: relaySecrets().RELAY_SIGNING_SECRET, body, id: values.id });
  const endpoint = new URL(`/api/relay/${kind}`, values.url);

  let response: Response;
  try {
    response = await fetch(endpoint, { method: "POST", headers, body });
  } catch (error) {
    console.error(
      `Could not reach ${endpoint.origin} (${error instanceof Error ? error.message : String(error)}). Is the app running?`,
    );
    return 1;
  }
  const text = await response.text();
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {}
  if (isForward(answer) && !values["show-number"]) {
    answer = { ...answer, to: `+86${maskPhone(answer.to.replace(/^\+86/, ""))}` };
  }
  console.info(`POST ${endpoint.href}  webhook-id ${headers["webhook-id"]}`);
  console.info(`HTTP ${response.status}`);
  console.info(typeof answer === "string" ? answer : JSON.stringify(answer, null, 2));
  return response.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
