import { defineConfig, devices } from "@playwright/test";
import { systemChromium } from "./scripts/browser";

const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR || ".data-e2e/default";
const executablePath = systemChromium();

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results",
  reporter: [["list"], ["json", { outputFile: ".test-results/playwright.json" }]],
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
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testIgnore: /(operator|instances)\.spec\.ts/,
      // Declared as this project's teardown so that it runs after it, whether its tests passed or not.
      teardown: "last",
    },
    // Runs after the rest: the operator console changes what every buyer sees (rollout, active host
    // numbers), and the two-instance test starts two more servers, too heavy beside the others.
    {
      name: "last",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testMatch: /(operator|instances)\.spec\.ts/,
      workers: 1,
    },
  ],
  webServer: {
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
