import { describe, expect, it } from "vitest";
import { DEFAULT_QUIET, formatMinutes, inQuietWindow, parseMinutes, quietUntil } from "./quiet";

const shanghai = (iso: string) => new Date(`${iso}+08:00`);

describe("quiet hours", () => {
  it("22:00–08:00 China time by default: 23:00 waits until 08:00, 21:59 and 08:00 do not wait", () => {
    expect(quietUntil(shanghai("2030-03-01T23:00:00"), DEFAULT_QUIET)).toEqual(shanghai("2030-03-02T08:00:00"));
    expect(quietUntil(shanghai("2030-03-02T03:15:30"), DEFAULT_QUIET)).toEqual(shanghai("2030-03-02T08:00:00"));
    expect(quietUntil(shanghai("2030-03-01T21:59:00"), DEFAULT_QUIET)).toBeNull();
    expect(quietUntil(shanghai("2030-03-01T08:00:00"), DEFAULT_QUIET)).toBeNull();
    expect(quietUntil(shanghai("2030-03-01T22:00:00"), DEFAULT_QUIET)).toEqual(shanghai("2030-03-02T08:00:00"));
  });

  it("a window that does not wrap midnight, and an empty one", () => {
    const afternoon = { quietStart: 13 * 60, quietEnd: 14 * 60 + 30 };
    expect(inQuietWindow(13 * 60 + 10, afternoon)).toBe(true);
    expect(inQuietWindow(14 * 60 + 30, afternoon)).toBe(false);
    expect(inQuietWindow(12 * 60, afternoon)).toBe(false);
    expect(quietUntil(shanghai("2030-03-01T13:10:00"), afternoon)).toEqual(shanghai("2030-03-01T14:30:00"));
    expect(inQuietWindow(0, { quietStart: 600, quietEnd: 600 })).toBe(false);
  });

  it("reads and writes HH:MM, refusing anything else", () => {
    expect(parseMinutes("22:00")).toBe(1320);
    expect(parseMinutes("07:05")).toBe(425);
    for (const bad of ["24:00", "7:05", "22:60", "", "22:00:00", "２２:００"]) expect(parseMinutes(bad)).toBeNull();
    expect(formatMinutes(425)).toBe("07:05");
  });
});
