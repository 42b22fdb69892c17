/**
 * Edges of the notice parser that its main test (pickup-code.test.ts) does not reach: the order of the
 * codes, a stub read before its full code, text that is no parcel notice, and the calendar of a
 * deadline given as a date.
 */
import { describe, expect, it } from "vitest";
import { parsePickupNotice } from "./pickup-code";

describe("the codes of a notice", () => {
  it("come in the order of the text, whichever rule found each", () => {
    // The code before its keyword is found by a later rule than the one after 取件码.
    expect(parsePickupNotice("【驿站】1234是您的取件码；另一件取件码 5-2-1107").codes).toEqual(["1234", "5-2-1107"]);
  });

  it("a stub read before its full code gives way to it, as one code", () => {
    for (const text of ["取件码 3-6-403\n取件码 3-6-4035", "【菜鸟驿站】取件码 3-6-403，取件码 3-6-4035"]) {
      expect(parsePickupNotice(text).codes, text).toEqual(["3-6-4035"]);
    }
    expect(parsePickupNotice("【菜鸟驿站】取件码 3-6-403，取件码 3-6-4035，取件码 7-1-2020").codes).toEqual([
      "3-6-4035",
      "7-1-2020",
    ]);
    expect(parsePickupNotice("【菜鸟驿站】取件码 5-2-1107，取件码 5-2-1107").codes).toEqual(["5-2-1107"]);
  });

  it("outside a parcel notice, only a pickup keyword makes a code: not 凭 or 密码", () => {
    expect(parsePickupNotice("演出当天凭 8841 入场，请提前到达").codes).toEqual([]);
    expect(parsePickupNotice("您的会员密码 5521 已重置").codes).toEqual([]);
    expect(parsePickupNotice("【丰巢】您的快递已到快递柜，密码 5521").codes).toEqual(["5521"]);
  });

  it("in a notice that carries a verification code, a weak keyword (code, 密码) does not make one", () => {
    expect(parsePickupNotice("Your parcel is at the locker, code 482913").codes).toEqual(["482913"]);
    expect(parsePickupNotice("Your parcel is at the locker. Your verification code is 482913").codes).toEqual([]);
  });
});

describe("a deadline given as a date, read in China", () => {
  // 04:00 on 2 July in China; 180 days either side are 3 January and 29 December.
  const now = new Date("2026-07-01T20:00:00Z");
  const by = (date: string, at: Date = now) =>
    parsePickupNotice(`【菜鸟驿站】取件码 5-2-1234，请于${date}前取件`, at).deadline?.at?.toISOString() ?? null;

  it("is the end of that day, in the year that puts it nearest today", () => {
    expect(by("1月2日")).toBe("2027-01-02T16:00:00.000Z");
    expect(by("1月3日")).toBe("2026-01-03T16:00:00.000Z");
    expect(by("1月20日")).toBe("2026-01-20T16:00:00.000Z");
    expect(by("7月2日")).toBe("2026-07-02T16:00:00.000Z");
    expect(by("12月1日")).toBe("2026-12-01T16:00:00.000Z");
    expect(by("12月29日")).toBe("2026-12-29T16:00:00.000Z");
    expect(by("12月30日")).toBe("2025-12-30T16:00:00.000Z");
    // Read on 28 December and on 2 January (China time).
    expect(by("1月2日", new Date("2026-12-28T03:00:00Z"))).toBe("2027-01-02T16:00:00.000Z");
    expect(by("12月31日", new Date("2027-01-01T20:00:00Z"))).toBe("2026-12-31T16:00:00.000Z");
  });

  it("takes the day in China, not the machine's UTC day", () => {
    // 20:00 UTC on 1 July is already 2 July in China: 2 January is then more than 180 days behind.
    expect(by("1月2日", new Date("2026-07-01T20:00:00Z"))).toBe("2027-01-02T16:00:00.000Z");
    expect(by("1月2日", new Date("2026-07-01T15:00:00Z"))).toBe("2026-01-02T16:00:00.000Z");
  });

  it("is no instant for a date that does not exist", () => {
    for (const date of ["13月5日", "0月5日", "2月0日", "2月30日", "4月31日", "2月32日", "2月29日"]) {
      expect(by(date), date).toBeNull();
    }
    expect(by("2月28日")).toBe("2026-02-28T16:00:00.000Z");
    expect(by("3月31日")).toBe("2026-03-31T16:00:00.000Z");
    expect(by("2月29日", new Date("2028-01-10T00:00:00Z"))).toBe("2028-02-29T16:00:00.000Z");
    const notice = parsePickupNotice("【菜鸟驿站】取件码 5-2-1234，请于2月30日前取件", now);
    expect(notice.deadline).toEqual({ text: "2月30日前取件", at: null });
  });

  it("with its year written out, keeps that year", () => {
    const at = (text: string) => parsePickupNotice(text, now).deadline?.at?.toISOString() ?? null;
    expect(at("Your parcel is at the locker, code 482913. Pick up by 12/30/2026")).toBe("2026-12-30T16:00:00.000Z");
    expect(at("Your parcel is at the locker, code 482913. Pick up by 02/30/2026")).toBeNull();
    expect(at("Your parcel is at the locker, code 482913. Pick up by Jan 2")).toBe("2027-01-02T16:00:00.000Z");
    expect(parsePickupNotice("Your parcel is at the locker, code 482913. Pick up by Foo 12", now).deadline).toEqual({
      text: "Pick up by Foo 12",
      at: null,
    });
  });
});

describe("a deadline given as a time of day, read in China", () => {
  // 10:00 on 1 December in China.
  const now = new Date("2026-12-01T02:00:00Z");
  const deadline = (words: string) => parsePickupNotice(`【菜鸟驿站】取件码 5-2-1234，请${words}取件`, now).deadline;
  const by = (words: string) => deadline(words)?.at?.toISOString() ?? null;

  it("reads the hour with its part of the day", () => {
    expect(by("10点前")).toBe("2026-12-01T02:00:00.000Z");
    expect(by("上午11点前")).toBe("2026-12-01T03:00:00.000Z");
    expect(by("下午5点前")).toBe("2026-12-01T09:00:00.000Z");
    expect(by("下午12点前")).toBe("2026-12-01T04:00:00.000Z");
    expect(by("傍晚6点前")).toBe("2026-12-01T10:00:00.000Z");
    expect(by("晚上8点前")).toBe("2026-12-01T12:00:00.000Z");
    expect(by("晚上12点前")).toBe("2026-12-01T16:00:00.000Z");
    expect(by("今晚9点前")).toBe("2026-12-01T13:00:00.000Z");
    expect(by("明晚8点前")).toBe("2026-12-02T12:00:00.000Z");
    expect(by("今晚20:00前")).toBe("2026-12-01T12:00:00.000Z");
    expect(by("17时前")).toBe("2026-12-01T09:00:00.000Z");
    // 今晚 after the time is not its part of the day.
    expect(parsePickupNotice("【菜鸟驿站】取件码 5-2-1234，10点前取件今晚关门", now).deadline?.at).toEqual(
      new Date("2026-12-01T02:00:00Z"),
    );
  });

  it("reads the minutes: 半, 20分, and a clock", () => {
    expect(by("下午5点半前")).toBe("2026-12-01T09:30:00.000Z");
    expect(by("5点20分前")).toBe("2026-11-30T21:20:00.000Z");
    expect(by("18:59前")).toBe("2026-12-01T10:59:00.000Z");
    expect(by("24点前")).toBe("2026-12-01T16:00:00.000Z");
  });

  it("finds a time that is no time, and does not place it", () => {
    expect(deadline("25点前")).toEqual({ text: "25点前取件", at: null });
    expect(deadline("18:60前")).toEqual({ text: "18:60前取件", at: null });
  });

  it("a date with its time is that day's, not today's", () => {
    expect(deadline("于12月3日 18:30前")).toEqual({
      text: "12月3日 18:30前取件",
      at: new Date("2026-12-03T10:30:00Z"),
    });
    expect(by("于12月3日18:30前")).toBe("2026-12-03T10:30:00.000Z");
  });

  it("quotes the words of the deadline without the spaces around them", () => {
    expect(deadline("在 18:00前")?.text).toBe("18:00前取件");
    expect(parsePickupNotice("【菜鸟驿站】取件码 5-2-1234，请于12月3日前取件 ，谢谢", now).deadline?.text).toBe(
      "12月3日前取件",
    );
  });
});

describe("a deadline given as a span from now", () => {
  // 10:00 on 1 December in China.
  const now = new Date("2026-12-01T02:00:00Z");
  const deadline = (words: string) => parsePickupNotice(`【菜鸟驿站】取件码 5-2-1234，${words}`, now).deadline;
  const hoursLeft = (words: string) => {
    const at = deadline(words)?.at;
    return at ? (at.getTime() - now.getTime()) / 3_600_000 : null;
  };

  it("counts hours and days, up to 14 days", () => {
    expect(hoursLeft("超24小时收费")).toBe(24);
    expect(hoursLeft("免费保管3天，逾期收费")).toBe(72);
    expect(hoursLeft("免费保管14天")).toBe(336);
    expect(hoursLeft("包裹已到驿站，免费保管3天")).toBe(72);
    // The only word of taking is the span's own last: 领取.
    expect(hoursLeft("本店营业时间为早9点到晚9点，包裹5天后未领取将退回")).toBe(120);
    for (const words of ["免费保管0天", "免费保管15天", "免费保管0小时"]) expect(deadline(words), words).toBeNull();
  });

  it("is no deadline when it says how late the parcel already is", () => {
    for (const words of ["已超6小时未取", "已经超过6小时未取", "已存放3天，请尽快取件"]) {
      expect(deadline(words), words).toBeNull();
    }
  });

  it("needs words of keeping or taking near it: a delivery time further off is none", () => {
    expect(deadline("本店营业时间为早9点到晚9点，同城配送需要3天")).toBeNull();
  });

  it("quotes its words without the spaces around them", () => {
    expect(deadline("免费保管3天 ，逾期收费")?.text).toBe("免费保管3天");
    expect(deadline("今日取件 ，谢谢")).toEqual({ text: "今日取件", at: new Date("2026-12-01T16:00:00Z") });
  });
});

/** A notice's waybill tail and phone tail, after a station's bracket. */
function tails(text: string) {
  const notice = parsePickupNotice(`【菜鸟驿站】${text}`);
  return [notice.trackingTail, notice.phoneTail];
}

describe("the tails a notice gives: the waybill's last four and the buyer's phone tail", () => {
  it("reads the waybill's tail after its word, with or without 为, spaces or 的", () => {
    expect(tails("运单尾号为2428的包裹到了")).toEqual(["2428", null]);
    expect(tails("快递尾号 242801 到了")).toEqual(["2801", null]);
    expect(tails("您的取尾号2428包裹已到，请凭取件码 5-2-1234 取件")).toEqual(["2428", null]);
    expect(tails("取尾号 2428 的包裹已到，请凭取件码 5-2-1234 取件")).toEqual(["2428", null]);
    expect(tails("尾号2428的包裹在驿站")).toEqual(["2428", null]);
    expect(tails("尾号 2428 包裹在驿站")).toEqual(["2428", null]);
    expect(tails("尾号2428快件在驿站")).toEqual(["2428", null]);
  });

  it("reads a masked or a whole waybill number, but not a mobile or a short number", () => {
    expect(tails("快递: ****1234 已到驿站")).toEqual(["1234", null]);
    expect(tails("中通快递 *** 5678 到了")).toEqual(["5678", null]);
    expect(tails("您的快递SF1234567890123已到驿站")).toEqual(["0123", null]);
    expect(tails("包裹YT12345678901234已到")).toEqual(["1234", null]);
    expect(tails("运单号: 7123456789012 已到驿站")).toEqual(["9012", null]);
    expect(tails("tracking number: JD0123456789012 is ready for pick up")).toEqual(["9012", null]);
    expect(tails("快递 13912345678 已到驿站")).toEqual([null, null]);
    expect(tails("运单号: 123456789 已到驿站")).toEqual([null, null]);
    expect(tails("单号ABCSF1234567890123")).toEqual([null, null]);
  });

  it("reads the phone tail: 尾号 not of a waybill, or a masked mobile", () => {
    expect(tails("手机尾号为0421，取件码 5-2-1234")).toEqual([null, "0421"]);
    expect(tails("手机尾号 0421 的客户，取件码 5-2-1234")).toEqual([null, "0421"]);
    expect(tails("尾号0421的包裹已签收")).toEqual([null, "0421"]);
    expect(tails("取件人138****5678，取件码 5-2-1234")).toEqual([null, "5678"]);
    expect(tails("取件人138xxxx5678，取件码 5-2-1234")).toEqual([null, "5678"]);
    expect(tails("手机尾号04215，取件码 5-2-1234")).toEqual([null, null]);
    expect(tails("取件人12345****5678，取件码 5-2-1234")).toEqual([null, null]);
  });
});

describe("the tails, further shapes", () => {
  it("reads a waybill number on its own, or after any of its words", () => {
    expect(tails("SF1234567890123 已到驿站")).toEqual(["0123", null]);
    expect(tails("JD0123456789012 已到驿站")).toEqual(["9012", null]);
    expect(tails("JDVA012345678901 已到驿站")).toEqual(["8901", null]);
    expect(tails("运单 7123456789012 已到驿站")).toEqual(["9012", null]);
    expect(tails("运单号: AB1234567890 已到驿站")).toEqual(["7890", null]);
    expect(tails("tracking: 7123456789012, ready for pick up")).toEqual(["9012", null]);
    expect(tails("tracking number : 7123456789012, ready for pick up")).toEqual(["9012", null]);
    expect(tails("运单号: 13912345678901 已到驿站")).toEqual(["8901", null]);
    expect(tails("SF12345678 已到驿站")).toEqual([null, null]);
    // Digits that make a mobile number are never a waybill's, whatever letters come before them.
    expect(tails("SF13912345678 已到驿站")).toEqual([null, null]);
  });

  it("reads 为 between 尾号 and the phone tail, with spaces around it", () => {
    expect(tails("手机尾号 为 0421，取件码 5-2-1234")).toEqual([null, "0421"]);
  });
});

describe("how much of a text is read", () => {
  it("the first 4,000 characters, of at most 8,000 before markup and spaces are folded", () => {
    expect(parsePickupNotice(`【菜鸟驿站】${"好".repeat(3_980)}取件码 5-2-1234`).codes).toEqual(["5-2-1234"]);
    expect(parsePickupNotice(`【菜鸟驿站】${"好".repeat(4_000)}取件码 5-2-1234`).codes).toEqual([]);
    // Thirty tags of about 300 characters fold to thirty spaces, but they used up the first 8,000.
    const markup = `<span class="${"x".repeat(280)}">`.repeat(30);
    expect(markup.length).toBeGreaterThan(8_000);
    expect(parsePickupNotice(`【菜鸟驿站】${markup.slice(0, 7_000)}取件码 5-2-1234`).codes).toEqual(["5-2-1234"]);
    expect(parsePickupNotice(`【菜鸟驿站】${markup}取件码 5-2-1234`).codes).toEqual([]);
  });
});
