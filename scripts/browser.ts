import { existsSync } from "node:fs";

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/** CHROMIUM_PATH, else a system Chromium, else undefined (Playwright's own browser). */
export function systemChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

export const NO_BROWSER_HELP = [
  "No browser for the end-to-end tests.",
  "  Debian/Ubuntu:   apt-get install -y chromium",
  "  any Chromium:    CHROMIUM_PATH=/path/to/chromium npm test",
  "  with downloads:  npx playwright install chromium",
].join("\n");
