import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";

/** What a system Chromium is called on the PATH (Debian, Ubuntu, Fedora, Google's package). */
const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];
/** Where Debian's `chromium` package puts it. */
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

function onPath(name: string, searchPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** CHROMIUM_PATH, else a Chromium on the PATH, else undefined (Playwright's own browser). */
export function systemChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

/** Everything the finder asks of the machine, so that its order can be tested without changing it. */
export type BrowserProbes = {
  chromiumPath: string | undefined;
  exists: (file: string) => boolean;
  onPath: (name: string) => string | undefined;
  /** Where Playwright's own Chromium is or would be installed. */
  playwrightChromium: () => string;
  /** `npx playwright install chromium`; true when it finished. */
  playwrightInstall: () => boolean;
  debianRoot: () => boolean;
  /** `apt-get install -y chromium`; true when it finished. */
  aptInstall: () => boolean;
};

export type BrowserChoice = { path: string; how: string };

export class NoBrowserError extends Error {}

export const NO_BROWSER_HELP = [
  "No browser for the end-to-end tests. Any one of these gives one:",
  "  Debian/Ubuntu:   sudo apt-get install -y chromium",
  "  any Chromium:    CHROMIUM_PATH=/path/to/chromium npm test",
  "  with downloads:  npx playwright install chromium",
].join("\n");

/**
 * CHROMIUM_PATH; a system Chromium; Playwright's own; `npx playwright install chromium` where
 * downloads work; `apt-get install -y chromium` on Debian as root. Says what it tried.
 */
export function findBrowser(probes: BrowserProbes, say: (line: string) => void = () => {}): BrowserChoice {
  if (probes.chromiumPath) {
    if (probes.exists(probes.chromiumPath)) return { path: probes.chromiumPath, how: "CHROMIUM_PATH" };
    throw new NoBrowserError(`CHROMIUM_PATH=${probes.chromiumPath} does not exist.\n${NO_BROWSER_HELP}`);
  }
  for (const name of SYSTEM_NAMES) {
    const found = probes.onPath(name);
    if (found) return { path: found, how: `system Chromium (${name} on the PATH)` };
  }
  say("no CHROMIUM_PATH and no Chromium on the PATH");
  const own = probes.playwrightChromium();
  if (probes.exists(own)) return { path: own, how: "Playwright's own Chromium" };
  say("no Playwright Chromium installed: trying `npx playwright install chromium`");
  if (probes.playwrightInstall() && probes.exists(own)) {
    return { path: own, how: "Playwright's own Chromium, just installed by `npx playwright install chromium`" };
  }
  if (probes.debianRoot()) {
    say("the download failed; on Debian as root: trying `apt-get install -y chromium`");
    if (probes.aptInstall()) {
      const installed = probes.onPath("chromium") ?? (probes.exists(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
      if (installed) return { path: installed, how: "Debian's chromium, installed by `apt-get install -y chromium`" };
    }
    throw new NoBrowserError(`apt-get install -y chromium did not give a browser.\n${NO_BROWSER_HELP}`);
  }
  throw new NoBrowserError(`the download failed and this is not Debian as root.\n${NO_BROWSER_HELP}`);
}

function quiet(command: string, args: string[], timeoutMs: number, env = process.env): boolean {
  const result = spawnSync(command, args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, env });
  if (result.status !== 0) {
    const tail = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n").slice(-3).join("\n    ");
    console.info(`    ${command} ${args.join(" ")}: ${result.error?.message ?? `exit ${result.status}`}\n    ${tail}`);
  }
  return result.status === 0;
}

export function machineProbes(playwrightChromium: () => string): BrowserProbes {
  return {
    chromiumPath: process.env.CHROMIUM_PATH || undefined,
    exists: existsSync,
    onPath: (name) => onPath(name),
    playwrightChromium,
    playwrightInstall: () => quiet("npx", ["playwright", "install", "chromium"], 10 * 60_000),
    debianRoot: () => existsSync("/etc/debian_version") && process.getuid?.() === 0,
    aptInstall: () => {
      const apt = onPath("apt-get") ?? "/usr/bin/apt-get";
      const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
      return (
        quiet(apt, ["update", "-qq"], 5 * 60_000, env) &&
        quiet(apt, ["install", "-y", "-qq", "chromium"], 10 * 60_000, env)
      );
    },
  };
}

/**
 * For the test commands: finds (or installs) a browser, exports it as CHROMIUM_PATH for Playwright,
 * and says which. Exits with what to do when there is none.
 */
export async function ensureBrowser(): Promise<BrowserChoice> {
  const { chromium } = await import("@playwright/test");
  try {
    const choice = findBrowser(
      machineProbes(() => chromium.executablePath()),
      (line) => console.info(`[browser] ${line}`),
    );
    process.env.CHROMIUM_PATH = choice.path;
    console.info(`[browser] ${choice.path} (${choice.how})`);
    return choice;
  } catch (error) {
    if (!(error instanceof NoBrowserError)) throw error;
    console.error(`[browser] ${error.message}`);
    process.exit(1);
  }
}
