import { describe, expect, it } from "vitest";
import { formatDateTime } from "@/lib/format";
import { negotiateLocale } from "./config";
import { localName } from "./names";

describe("names by locale", () => {
  it("reads the viewer's language, and falls back to the default locale's name when it has none", () => {
    const names = { en: "Blue Whale Electronics", "zh-CN": "蓝鲸数码旗舰店" };
    expect(localName(names, "zh-CN")).toBe("蓝鲸数码旗舰店");
    expect(localName(names, "en")).toBe("Blue Whale Electronics");
    expect(localName({ en: "Maple Books" }, "zh-CN")).toBe("Maple Books");
  });
});

describe("locale negotiation", () => {
  it("takes the first language asked for that the app has, by exact tag or by language", () => {
    expect(negotiateLocale("zh-CN,zh;q=0.9,en;q=0.5")).toBe("zh-CN");
    expect(negotiateLocale("zh-TW")).toBe("zh-CN");
    expect(negotiateLocale("fr-FR, en-GB;q=0.8, zh;q=0.5")).toBe("en");
    expect(negotiateLocale("en;q=0.4, zh;q=0.6")).toBe("zh-CN");
    expect(negotiateLocale("fr, de")).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
  });
});

describe("dates", () => {
  it("are written with each catalogue's pattern, in the app's time zone", () => {
    const at = new Date("2026-12-07T06:30:00Z");
    expect(formatDateTime(at, "en")).toBe("2026-12-07 14:30");
    expect(formatDateTime(at, "zh-CN")).toBe("2026年12月7日 14:30");
  });
});
