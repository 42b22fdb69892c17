import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/config";
import type { About } from "@/lib/protection/relay";
import { PROMPTS, spokenItem, whisperFor } from "./prompts";

const about = (over: Partial<About> = {}): About => ({
  channel: "call",
  callerKind: "unknown",
  item: "Ceramic tea cups",
  merchant: { en: "Panda Home", "zh-CN": "熊猫家居" },
  courier: null,
  ...over,
});

describe("the relay's prompts", () => {
  it("names the order by its item and merchant, in every locale", () => {
    expect(whisperFor(about())).toEqual({
      en: "Call about your order of Ceramic tea cups from Panda Home",
      "zh-CN": "来电：您在熊猫家居购买的Ceramic tea cups",
    });
    const courier = whisperFor(
      about({ channel: "message", callerKind: "courier", courier: { en: "SF Express", "zh-CN": "顺丰速运" } }),
    );
    expect(courier.en).toBe("Message from the SF Express courier about your order of Ceramic tea cups from Panda Home");
    expect(courier["zh-CN"]).toBe("顺丰速运快递员短信：您在熊猫家居购买的Ceramic tea cups");
    // A courier whose company is not known.
    expect(whisperFor(about({ callerKind: "courier" }))).toEqual({
      en: "Call from a courier about your order of Ceramic tea cups from Panda Home",
      "zh-CN": "快递员来电：您在熊猫家居购买的Ceramic tea cups",
    });
    expect(whisperFor(about({ callerKind: "merchant" })).en).toBe(
      "Call from Panda Home about your order of Ceramic tea cups",
    );
  });

  it("falls back to the default locale's name where a translation is missing", () => {
    expect(whisperFor(about({ merchant: { en: "Panda Home" } }))["zh-CN"]).toContain("Panda Home");
  });

  it("keeps the spoken item short, and without long digit runs", () => {
    expect(spokenItem("Ceramic tea cups (pack of 4, hand-glazed)")).toBe("Ceramic tea cups");
    expect(spokenItem("陶瓷茶杯，四只装")).toBe("陶瓷茶杯");
    const long = spokenItem("Extra large stainless steel insulated water bottle with straw lid");
    expect(long.length).toBeLessThanOrEqual(32);
    expect(long).toBe("Extra large stainless steel");
    expect(spokenItem("Gift card call 13812345678 to redeem")).toBe("Gift card call to redeem");
    expect(spokenItem("  Ceramic\t tea  cups ")).toBe("Ceramic tea cups");
    expect(whisperFor(about({ item: "Phone case 13812345678" })).en).not.toContain("13812345678");
  });

  it("cuts a long item at its last word past the middle of 32 characters, or at 32 when there is none", () => {
    // Exactly 32 characters: kept whole.
    expect(spokenItem("Stainless steel water bottle 1 L")).toBe("Stainless steel water bottle 1 L");
    // The only space in the first 32 is at 16, not past the middle: cut at 32.
    expect(spokenItem("Ceramic tea cups hand-glazed-and-gilded")).toBe("Ceramic tea cups hand-glazed-and");
    // No space at all.
    expect(spokenItem("Ultrawideband-smartwatch-with-heart-rate-monitor")).toBe("Ultrawideband-smartwatch-with-he");
  });

  it("has every prompt in every locale", () => {
    for (const locale of LOCALES) {
      const catalogue = PROMPTS[locale];
      for (const text of [...Object.values(catalogue.say), catalogue.enterExtension, catalogue.startWithExtension])
        expect(text.trim()).not.toBe("");
    }
  });
});
