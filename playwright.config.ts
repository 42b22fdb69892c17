import { defineConfig, devices } from "@playwright/test";
import { systemChromium } from "./scripts/browser";

const port = Number(process.env.E2E_PORT || 3100);
/** E2E_BASE_URL: the flows against a server someone else runs (nothing started here). */
const remote = process.env.E2E_BASE_URL;
const baseURL = remote || `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR || ".data-e2e/default";
const executablePath = systemChromium();

/** A phone's screen, touch and user agent, in Chromium (the browser the test machine has). */
function phone(name: "Galaxy S8" | "iPhone 13") {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = devices[name];
  return { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch };
}

// Need this machine's build, files or extra servers: not run against E2E_BASE_URL.
const LOCAL_ONLY = /(instances|budget)\.spec\.ts/;
// The operator console changes what every buyer sees (rollout, active host numbers), and the
// two-instance test starts two more servers, too heavy beside the others: both run last, alone.
const LAST = /(operator|instances)\.spec\.ts/;
// Playwright runs a teardown project whole, whatever `--grep` says; a filtered run (scripts/e2e.ts
// says so) keeps "last" a plain project, so that `--grep @journey` runs the journeys only.
const filtered = process.env.E2E_FILTERED === "1";
// On phones: the stories a buyer walks on one, narrowed further by `--grep`. The whole run (npm test)
// takes only the pickup journey there, to stay within its time.
const PHONE_STORIES = filtered ? /@pickup|@journey/ : /@journey.*@pickup/;

export default defineConfig({
  testDir: "e2e",
  // Spread the tests of long files (a11y, protection, idor) over both workers, not one each.
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 90_000,
  expect: { timeout: 10_000, toHaveScreenshot: { maxDiffPixelRatio: 0.002, animations: "disabled" } },
  outputDir: "test-results",
  // Baselines are Chromium's on Linux at 360 px; one set, named by spec and screen.
  snapshotPathTemplate: "{testDir}/__screenshots__/{testFilePath}/{arg}{ext}",
  reporter: [
    ["list"],
    ["json", { outputFile: ".test-results/playwright.json" }],
    ["html", { open: "never", outputFolder: "playwright-report" }],
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "en-US",
    timezoneId: "Asia/Shanghai",
    permissions: ["clipboard-read", "clipboard-write"],
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--font-render-hinting=none",
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testIgnore: remote ? [LAST, LOCAL_ONLY] : LAST,
      // Declared as this project's teardown so that it runs after it, whether its tests passed or not.
      teardown: filtered ? undefined : "last",
    },
    {
      name: "phone-android",
      use: phone("Galaxy S8"),
      grep: PHONE_STORIES,
      testIgnore: [LAST, LOCAL_ONLY, /(visual|phone)\.spec\.ts/],
    },
    {
      name: "phone-iphone",
      use: phone("iPhone 13"),
      grep: PHONE_STORIES,
      testIgnore: [LAST, LOCAL_ONLY, /(visual|phone)\.spec\.ts/],
    },
    {
      name: "last",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testMatch: LAST,
      testIgnore: remote ? LOCAL_ONLY : undefined,
      workers: 1,
    },
  ],
  webServer: remote
    ? undefined
    : {
        command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
        url: `${baseURL}/api/health`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "pipe",
        stderr: "pipe",
        // Added to Playwright's own environment (this wins): with a server database, the secrets it
        // requires come from there (scripts/e2e.ts generates them).
        env: {
          DATA_DIR: dataDir,
          AUTH_TRUST_HOST: "true",
          DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
          // The specs use the tester controls, which a server database shows only in demo mode.
          DEMO_MODE: "1",
          // Every test signs up and in from 127.0.0.1: the per-IP limits would trip; per-account ones stay as shipped.
          SIGN_IN_LIMIT_PER_IP: "10000",
          SIGN_UP_LIMIT_PER_IP: "10000",
          // The relay's 600 ms deadline is tested on its own (lib/protection/relay.test.ts); here the
          // browser suite shares 2 cores with the server, so a slow decision must not read as a rejection.
          RELAY_DECISION_TIMEOUT_MS: "3000",
        },
      },
});
