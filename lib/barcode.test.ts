import { describe, expect, it, vi } from "vitest";

// bwip-js itself, counting what it is asked to draw.
const drawnBy = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock("bwip-js/node", async (original) => {
  const actual = await original<typeof import("bwip-js/node")>();
  return {
    ...actual,
    toSVG: (options: Parameters<typeof actual.toSVG>[0]) => {
      drawnBy.calls.push(String(options.text));
      return actual.toSVG(options);
    },
  };
});

const { BARCODE_CACHE_SIZE, barcodesKept, code128Svg } = await import("./barcode");

describe("code128Svg", () => {
  it("draws a waybill number as bars only, and the same bars again from memory", () => {
    const svg = code128Svg("SF1412345678901");
    expect(svg).toMatch(/^<svg [^>]*viewBox="[^"]+"/);
    expect(svg).not.toContain("SF1412345678901");
    expect(code128Svg("SF1412345678901")).toBe(svg);
    expect(drawnBy.calls.filter((text) => text === "SF1412345678901")).toHaveLength(1);
    expect(code128Svg("SF1412345678902")).not.toBe(svg);
  });

  it("refuses what Code 128 cannot carry: empty, over 40 characters, or outside printable ASCII", () => {
    expect(code128Svg("")).toBeNull();
    expect(code128Svg("1".repeat(41))).toBeNull();
    expect(code128Svg("顺丰123")).toBeNull();
    expect(code128Svg("12\n34")).toBeNull();
    expect(code128Svg("1".repeat(40))).not.toBeNull();
  });

  it("keeps the most recently used barcodes only, up to its limit", () => {
    const first = code128Svg("KEEP-0");
    for (let i = 1; i <= BARCODE_CACHE_SIZE + 20; i += 1) {
      code128Svg(`FILL-${i}`);
      // Used again and again, KEEP-0 stays in memory while older ones go.
      if (i % 100 === 0) code128Svg("KEEP-0");
    }
    expect(barcodesKept()).toBe(BARCODE_CACHE_SIZE);
    expect(code128Svg("KEEP-0")).toBe(first);
    expect(drawnBy.calls.filter((text) => text === "KEEP-0")).toHaveLength(1);
    // The oldest unused ones were let go, and are drawn again when asked for.
    code128Svg("FILL-1");
    expect(drawnBy.calls.filter((text) => text === "FILL-1")).toHaveLength(2);
    expect(barcodesKept()).toBe(BARCODE_CACHE_SIZE);
  });
});
