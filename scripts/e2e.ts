import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { NO_BROWSER_HELP, systemChromium } from "./browser";

const browser = systemChromium();
if (!browser && !existsSync(chromium.executablePath())) {
  console.error(NO_BROWSER_HELP);
  process.exit(1);
}
if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first (npm test does it for you).");
  process.exit(1);
}

// A fresh embedded database for every run, never shared with the dev server or unit tests.
const dataDir = path.resolve(".data-e2e", `run-${Date.now()}`);
rmSync(path.dirname(dataDir), { recursive: true, force: true });
mkdirSync(path.dirname(dataDir), { recursive: true });
console.info(`[e2e] browser: ${browser ?? "Playwright's own Chromium"}; data: ${dataDir}`);

const result = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, E2E_DATA_DIR: dataDir },
});
process.exit(result.status ?? 1);
