import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext: same-site paths only", () => {
  it.each(["/orders", "/orders/abc?tab=log", "/privacy#history", "/pickup?x=%E4%B8%AD"])("keeps %s", (path) => {
    expect(safeNext(path)).toBe(path);
  });

  it.each([
    ["a backslash", "/\\evil.example/phish"],
    ["an encoded backslash", "/%5Cevil.example/phish"],
    ["a double-encoded backslash", "/%255Cevil.example/phish"],
    ["a tab", "/\t/evil.example"],
    ["an encoded tab", "/%09/evil.example"],
    ["CR/LF", "/orders\r\nSet-Cookie: x=1"],
    ["encoded CR/LF", "/orders%0D%0ALocation:%20//evil.example"],
    ["NUL", "/orders\u0000"],
    ["protocol-relative", "//evil.example"],
    ["encoded protocol-relative", "/%2Fevil.example"],
    ["an absolute URL", "https://evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "orders/1?tab=log"],
    ["broken escapes", "/%E0%A4%A"],
    ["empty", ""],
  ])("refuses %s", (_label, value) => {
    expect(safeNext(value)).toBe("/orders");
  });

  it("decodes three times at most: a path encoded four times is a path of its own, not a backslash", () => {
    expect(safeNext("/%2525255Cevil.example")).toBe("/%2525255Cevil.example");
    expect(safeNext("/%25255Cevil.example")).toBe("/orders");
  });

  it("takes a path of 2,048 characters, and refuses a longer one", () => {
    const longest = `/orders/${"a".repeat(2048 - "/orders/".length)}`;
    expect(longest).toHaveLength(2048);
    expect(safeNext(longest)).toBe(longest);
    expect(safeNext(`${longest}a`)).toBe("/orders");
  });

  it("refuses what is not a string, and uses the fallback given", () => {
    expect(safeNext(null, "/privacy")).toBe("/privacy");
    expect(safeNext(["/orders"])).toBe("/orders");
  });
});
