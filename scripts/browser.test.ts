import { describe, expect, it } from "vitest";
import { type BrowserProbes, findBrowser, NoBrowserError } from "./browser";

const OWN = "/home/me/.cache/ms-playwright/chromium-1255/chrome-linux/chrome";

/** A machine with nothing on it; each test adds what it has and records what the finder tried. */
function machine(has: { files?: string[]; path?: Record<string, string>; download?: boolean; debianRoot?: boolean }) {
  const files = new Set(has.files ?? []);
  const tried: string[] = [];
  const probes: BrowserProbes = {
    chromiumPath: undefined,
    exists: (file) => files.has(file),
    onPath: (name) => has.path?.[name],
    playwrightChromium: () => OWN,
    playwrightInstall: () => {
      tried.push("playwright install");
      if (has.download) files.add(OWN);
      return !!has.download;
    },
    debianRoot: () => !!has.debianRoot,
    aptInstall: () => {
      tried.push("apt-get install");
      files.add("/usr/bin/chromium");
      return true;
    },
  };
  return { probes, tried };
}

describe("findBrowser", () => {
  it("takes CHROMIUM_PATH first, even with a system Chromium", () => {
    const { probes, tried } = machine({ files: ["/opt/chrome", OWN], path: { chromium: "/usr/bin/chromium" } });
    expect(findBrowser({ ...probes, chromiumPath: "/opt/chrome" })).toEqual({
      path: "/opt/chrome",
      how: "CHROMIUM_PATH",
    });
    expect(tried).toEqual([]);
  });

  it("refuses a CHROMIUM_PATH that does not exist instead of falling back", () => {
    const { probes } = machine({ path: { chromium: "/usr/bin/chromium" } });
    expect(() => findBrowser({ ...probes, chromiumPath: "/nope" })).toThrow(/CHROMIUM_PATH=\/nope does not exist/);
  });

  it("then a system Chromium on the PATH, before Playwright's own", () => {
    const { probes } = machine({ files: [OWN], path: { "google-chrome": "/usr/bin/google-chrome" } });
    expect(findBrowser(probes).path).toBe("/usr/bin/google-chrome");
  });

  it("then Playwright's own when it is installed, downloading nothing", () => {
    const { probes, tried } = machine({ files: [OWN], debianRoot: true });
    expect(findBrowser(probes)).toEqual({ path: OWN, how: "Playwright's own Chromium" });
    expect(tried).toEqual([]);
  });

  it("then downloads Playwright's where downloads work, before apt-get", () => {
    const { probes, tried } = machine({ download: true, debianRoot: true });
    expect(findBrowser(probes).path).toBe(OWN);
    expect(tried).toEqual(["playwright install"]);
  });

  it("then apt-get install -y chromium on Debian as root when the download fails", () => {
    const { probes, tried } = machine({ debianRoot: true });
    const said: string[] = [];
    expect(findBrowser(probes, (line) => said.push(line))).toEqual({
      path: "/usr/bin/chromium",
      how: "Debian's chromium, installed by `apt-get install -y chromium`",
    });
    expect(tried).toEqual(["playwright install", "apt-get install"]);
    expect(said.at(-1)).toMatch(/apt-get install -y chromium/);
  });

  it("says what to do when nothing works and apt-get is not an option", () => {
    const { probes, tried } = machine({});
    expect(() => findBrowser(probes)).toThrow(NoBrowserError);
    expect(() => findBrowser(probes)).toThrow(/apt-get install -y chromium[\s\S]*CHROMIUM_PATH=/);
    expect(tried).not.toContain("apt-get install");
  });
});
