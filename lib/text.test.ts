import { describe, expect, it } from "vitest";
import { displayText } from "./text";

describe("displayText", () => {
  it("drops every bidi control, so a right-to-left override cannot reorder a station name", () => {
    const controls = [
      "\u202a",
      "\u202b",
      "\u202c",
      "\u202d",
      "\u202e",
      "\u2066",
      "\u2067",
      "\u2068",
      "\u2069",
      "\u200e",
      "\u200f",
      "\u061c",
    ];
    for (const control of controls)
      expect(displayText(`a${control}b`), control.codePointAt(0)?.toString(16)).toBe("ab");
    expect(displayText("【\u202eevil\u202c】")).toBe("【evil】");
  });

  it("keeps everything else, Chinese, Arabic and emoji included", () => {
    expect(displayText("【菜鸟驿站】取件码 5-2-1234 مرحبا 📦")).toBe("【菜鸟驿站】取件码 5-2-1234 مرحبا 📦");
    expect(displayText(null)).toBeNull();
  });
});
