/**
 * `npm run screenshots`: drives the production build (run `npm run build` first) on a fresh embedded
 * database and writes PNGs of the main screens, in English and Chinese, on a phone and a desktop,
 * into docs/screenshots/. Chinese text needs a CJK font (Debian: apt-get install -y fonts-noto-cjk).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, devices, type Page } from "@playwright/test";
import { NO_BROWSER_HELP, systemChromium } from "./browser";

const PORT = Number(process.env.SCREENSHOT_PORT || 3500);
const BASE = `http://127.0.0.1:${PORT}`;
const OUT = path.resolve("docs/screenshots");
/** The narrowest phone we design for: codes must not break at this width. */
const PHONE_360 = { viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function waitForHealth(server: ChildProcess) {
  for (let i = 0; i < 120; i += 1) {
    if (server.exitCode !== null) throw new Error("the server exited before it was ready");
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not become ready in 60 s");
}

async function signIn(page: Page) {
  await page.goto(`${BASE}/sign-in`);
  await page.locator('input[name="identifier"]').fill("demo@example.com");
  await page.locator('input[name="password"]').fill("protect-my-number");
  await page.locator('input[name="password"]').press("Enter");
  await page.waitForURL(/\/orders$/);
}

async function main() {
  const executablePath = systemChromium();
  if (!executablePath && !existsSync(chromium.executablePath())) {
    console.error(NO_BROWSER_HELP);
    process.exit(1);
  }
  const dataDir = path.join(tmpdir(), `onp-screens-${Date.now()}`);
  const server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"],
    {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      stdio: "ignore",
    },
  );
  try {
    await waitForHealth(server);
    mkdirSync(OUT, { recursive: true });
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
    const shots: [string, string, "phone" | "phone360" | "desktop", "en" | "zh-CN", "light" | "dark"][] = [
      ["sign-in", "/sign-in", "phone", "en", "light"],
      ["orders", "/orders", "phone", "en", "light"],
      ["order", "detail", "phone", "en", "light"],
      ["privacy", "/privacy", "phone", "en", "light"],
      ["pickup", "/pickup", "phone360", "en", "light"],
      ["pickup-full", "/pickup", "phone360", "en", "light"],
      ["pickup-counter", "counter", "phone360", "en", "light"],
      ["pickup-offline", "offline", "phone360", "en", "light"],
      ["reminders", "bell", "phone360", "en", "light"],
      ["orders-zh", "/orders", "phone", "zh-CN", "light"],
      ["pickup-zh", "/pickup", "phone360", "zh-CN", "light"],
      ["pickup-zh-dark", "/pickup", "phone360", "zh-CN", "dark"],
      ["orders-desktop", "/orders", "desktop", "en", "light"],
    ];
    for (const [name, target, device, locale, colorScheme] of shots) {
      const context = await browser.newContext({
        ...(device === "phone"
          ? devices["Pixel 7"]
          : device === "phone360"
            ? PHONE_360
            : { viewport: { width: 1280, height: 900 } }),
        colorScheme,
        locale,
      });
      await context.addCookies([{ name: "locale", value: locale, url: BASE }]);
      const page = await context.newPage();
      if (target !== "/sign-in") await signIn(page);
      if (target === "detail") {
        await page.goto(`${BASE}/orders`);
        await page.locator('a[href^="/orders/"]').nth(3).click();
        await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
      } else if (target === "counter") {
        await page.goto(`${BASE}/pickup`);
        await page
          .getByRole("button", { name: /Show at counter/ })
          .first()
          .click();
        await page.getByRole("dialog").waitFor();
      } else if (target === "offline") {
        // Pickup as the service worker kept it, the phone with no network: codes, last four, "as of".
        await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
        await page.goto(`${BASE}/pickup`);
        await page.waitForFunction(
          async () => (await caches.keys()).some((name) => name.startsWith("offline-buyer-")),
          undefined,
          { timeout: 30_000 },
        );
        await context.setOffline(true);
        await page.reload();
        await page.getByTestId("as-of").waitFor();
      } else if (target === "bell") {
        await page.goto(`${BASE}/pickup`);
        await page.getByTestId("reminder-bell").locator("summary").click();
        await page.getByTestId("reminder").first().waitFor();
      } else {
        await page.goto(`${BASE}${target}`);
      }
      await page.screenshot({
        path: path.join(OUT, `${name}.png`),
        fullPage: device === "desktop" || name.endsWith("-full"),
      });
      console.info(`docs/screenshots/${name}.png`);
      await context.close();
    }
    await browser.close();
  } finally {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
