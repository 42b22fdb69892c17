import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { messagesFor } from "@/messages";
import { CLIENT_NAMESPACES, clientMessagesFor } from "./client-messages";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) && !name.includes(".test.") ? [file] : [];
  });
}

describe("the messages sent to the browser", () => {
  it("hold every namespace a Client Component reads, and no other", () => {
    const used = new Set<string>();
    for (const file of ["app", "components", "lib"].flatMap((dir) => sources(dir))) {
      const text = readFileSync(file, "utf8");
      if (!/^["']use client["']/m.test(text)) continue;
      expect(text, `${file} reads the whole catalogue`).not.toMatch(/useMessages\(|useTranslations\(\s*\)/);
      for (const match of text.matchAll(/useTranslations\(\s*["']([\w.]+)["']/g)) used.add(match[1].split(".")[0]);
    }
    expect(used.size).toBeGreaterThan(3);
    expect([...used].sort()).toEqual([...CLIENT_NAMESPACES].sort());
  });

  it("are those namespaces of the locale's own catalogue, unchanged", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const client = clientMessagesFor(locale);
      expect(Object.keys(client).sort()).toEqual([...CLIENT_NAMESPACES].sort());
      for (const name of CLIENT_NAMESPACES) expect(client[name]).toBe(messagesFor(locale)[name]);
      expect(client).not.toHaveProperty("mail");
    }
  });
});
