import { type APIRequestContext, test } from "@playwright/test";

export const DEMO = { email: "demo@example.com", waitlist: "waitlist@example.com", password: "protect-my-number" };

/** Set when the flows run against a server someone else started (`E2E_BASE_URL`). */
export const REMOTE = process.env.E2E_BASE_URL;

let demo: Promise<boolean> | undefined;

/** Whether the server under test is in demo mode: its sign-in page shows the demo account. */
export function demoMode(request: APIRequestContext): Promise<boolean> {
  if (!REMOTE) return Promise.resolve(true); // the local run starts its server with DEMO_MODE=1
  demo ??= request
    .get("/sign-in", { headers: { "accept-language": "en" } })
    .then(async (response) => (await response.text()).includes(DEMO.email));
  return demo;
}

/**
 * The tester controls and the demo accounts exist only in demo mode. Against E2E_BASE_URL without it
 * the flow is skipped, saying why; in the local run (always demo mode) it never skips.
 */
export async function requireDemo(request: APIRequestContext, what: string): Promise<void> {
  if (!REMOTE) return;
  test.skip(!(await demoMode(request)), `${what} needs ${REMOTE} in demo mode (DEMO_MODE=1)`);
}
