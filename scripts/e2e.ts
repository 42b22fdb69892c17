import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { NO_BROWSER_HELP, systemChromium } from "./browser";
import { leakScan } from "./leak-scan";

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

// Output is kept as well as shown: the leak scan reads the server's lines afterwards.
const output: string[] = [];
const child = spawn("npx", ["playwright", "test", ...process.argv.slice(2)], {
  stdio: ["inherit", "pipe", "pipe"],
  env: { ...process.env, E2E_DATA_DIR: dataDir },
});
child.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  output.push(chunk.toString());
});
child.stderr.on("data", (chunk: Buffer) => {
  process.stderr.write(chunk);
  output.push(chunk.toString());
});
const status = await new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
const leaks = leakScan({ log: output.join(""), dataDir, databaseUrl: process.env.E2E_DATABASE_URL || undefined });
process.exit(status !== 0 ? status : leaks.length > 0 ? 1 : 0);
