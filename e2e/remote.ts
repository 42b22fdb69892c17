import { request as requests, test } from "@playwright/test";

export const DEMO = { email: "demo@example.com", waitlist: "waitlist@example.com", password: "protect-my-number" };

/** Set when the flows run against a server someone else started (`E2E_BASE_URL`). */
export const REMOTE = process.env.E2E_BASE_URL;

let demo: Promise<boolean> | undefined;

/**
 * Whether the server under test is in demo mode: its sign-in page shows the demo account. Asked
 * without cookies (a signed-in visitor is sent on from /sign-in).
 */
export function demoMode(): Promise<boolean> {
  if (!REMOTE) return Promise.resolve(true); // the local run starts its server with DEMO_MODE=1
  demo ??= (async () => {
    const anonymous = await requests.newContext({ baseURL: REMOTE });
    const page = await anonymous.get("/sign-in", { headers: { "accept-language": "en" } });
    const shown = (await page.text()).includes(DEMO.email);
    await anonymous.dispose();
    return shown;
  })();
  return demo;
}

/**
 * The tester controls and the demo accounts exist only in demo mode. Against E2E_BASE_URL without it
 * the flow is skipped, saying why; in the local run (always demo mode) it never skips.
 */
export async function requireDemo(what: string): Promise<void> {
  if (!REMOTE) return;
  test.skip(!(await demoMode()), `${what} needs ${REMOTE} in demo mode (DEMO_MODE=1)`);
}
