import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePickupNotice } from "./pickup-code";
import {
  ALL_ROWS,
  CODE_CATEGORIES,
  CORPUS,
  CORPUS_NOW,
  type CorpusRow,
  LOOKALIKE_CATEGORIES,
  MADE_UP,
} from "./pickup-corpus";

type Row = [text: string, code: string | null, station: string | null];

const WITH_CODE: Row[] = [
  ["【菜鸟驿站】您的包裹已到文三路88号菜鸟驿站，取件码 5-2-1234，请在18:00前取件。", "5-2-1234", "菜鸟驿站"],
  ["【菜鸟驿站】您的中通包裹已到西溪花园菜鸟驿站，请凭6-3-1023及时取件，咨询0571-88886666", "6-3-1023", "菜鸟驿站"],
  ["凭取件码 8841 取件", "8841", null],
  ["Your parcel is ready, pickup code 7731", "7731", null],
  [
    "Your parcel from SF Express is ready at Cainiao Station. Pick-up code: A12-3-4567.",
    "A12-3-4567",
    "Cainiao Station",
  ],
  ["【妈妈驿站】您的快递已到达阳光小区妈妈驿站，取件码88-1-2345，营业时间8:00-21:00", "88-1-2345", "妈妈驿站"],
  ["【兔喜生活】取件码：3-1-2011，您的韵达快递已到兔喜生活(翠苑店)，尾号0421", "3-1-2011", "兔喜生活"],
  ["【丰巢】凭取件码「12345678」至翠苑一区丰巢智能柜取件，运单号YT1234567890123", "12345678", "丰巢"],
  ["【速递易】您的快递已存入速递易快递柜，取件密码：654321，请24小时内取件", "654321", "速递易"],
  ["【中通快递超市】请凭取件码 A3-2-0615 到店取件，联系电话13900001111", "A3-2-0615", "中通快递超市"],
  ["您的包裹已到站，提货码为：B0615，请尽快领取", "B0615", null],
  ["【菜鸟驿站】取货码 12-4-3301，包裹SF1234567890123已到站", "12-4-3301", "菜鸟驿站"],
  ["【菜鸟驿站】您有2个包裹，取件码 5-2-1234、5-2-1235，请及时领取", "5-2-1234, 5-2-1235", "菜鸟驿站"],
  ["【菜鸟驿站】取件码：５－２－１２３４（全角）", "5-2-1234", "菜鸟驿站"],
  ["[Hive Box] Your package is in locker 12 at Wensan Rd. Pickup code is 930215.", "930215", "Hive Box"],
  ["【京东快递】您的订单已由京东快递送达楼下快递柜，开箱码 402817", "402817", "京东快递"],
  ["【菜鸟驿站】您的包裹已到驿站，货架号 7-1-0088，凭码取件", "7-1-0088", "菜鸟驿站"],
  ["Parcel waiting at the front desk, collection code a5-1-2233", "A5-1-2233", null],
];

const WITHOUT_CODE: Row[] = [
  ["【菜鸟驿站】您尾号0421的包裹已到站，请及时领取，联系电话13900001111", null, "菜鸟驿站"],
  ["【中通快递】您的快件YT1234567890123正在派送中，快递员电话15800003333", null, "中通快递"],
  ["您好，我是蓝鲸数码客服，麻烦给个好评，谢谢！13900001111", null, null],
  ["您的验证码是 482913，5分钟内有效", null, null],
  ["【顺丰速运】您的快递SF1234567890123已签收，如有疑问请致电95338", null, "顺丰速运"],
  ["Your order 20240512000123456 has shipped, tracking SF1234567890123", null, null],
  ["取件码请咨询驿站 0571-88886666", null, null],
  ["【菜鸟驿站】包裹已于2024-05-12到站，营业时间 09:00-21:00", null, "菜鸟驿站"],
  ["Delivery attempted at 10:30, call 400-123-4567 to reschedule", null, null],
  ["", null, null],
  ["明天下午三点送货上门，请保持电话畅通", null, null],
  ["【菜鸟驿站】您的包裹已到站，取件码已发送至App", null, "菜鸟驿站"],
];

describe("parsePickupNotice", () => {
  it.each(WITH_CODE)("finds the code in %s", (text, code, station) => {
    const notice = parsePickupNotice(text);
    expect({ codes: notice.codes.join(", "), station: notice.station, kind: notice.kind }).toEqual({
      codes: code,
      station,
      kind: "arrived",
    });
  });

  it.each(WITHOUT_CODE)("takes no code from %s", (text, _code, station) => {
    const notice = parsePickupNotice(text);
    expect({ codes: notice.codes, station: notice.station }).toEqual({ codes: [], station });
  });

  it.each([
    ['【菜鸟驿站】您的包裹已到站<span class="x">取件码</span>8841，请及时取件', ["8841"]],
    ["【丰巢】取件码<br>12345678", ["12345678"]],
    ["【菜鸟驿站】取件码<font color=red>A-12-3</font>", ["A-12-3"]],
  ])("reads a code through the markup of a notice pasted from a mail or a web page: %s", (text, codes) => {
    expect(parsePickupNotice(text).codes).toEqual(codes);
  });

  // A locker code is eight bare digits: only the word 取件码 in front of it makes it a code.
  it.each([
    ["【丰巢】取  件  码 12345678，请及时取件", "two spaces inside the word"],
    ["【丰巢】取\u3000\u3000件码 12345678", "ideographic spaces"],
    ["【丰巢】快递已存入\n取件\n码 12345678", "a two-character line above the rest of the word"],
    ["【丰巢】快递已存入\n  取 \n件码 12345678", "an indented one-character line"],
  ])("reads a code after a word OCR or a copied card split: %s (%s)", (text) => {
    expect(parsePickupNotice(text).codes).toEqual(["12345678"]);
  });

  it.each([
    ["【菜鸟驿站】取件码 5 - 2 - 1234", "5-2-1234"],
    ["【菜鸟驿站】凭 12 - 3 - 4567 取件", "12-3-4567"],
    ["【菜鸟驿站】取件码 B2 - 1 - 4410", "B2-1-4410"],
    ["【菜鸟驿站】取件码 5- 2- 1234，请取件", "5-2-1234"],
    ["【菜鸟驿站】取件码 5 -2 -1234，请取件", "5-2-1234"],
    ["【菜鸟驿站】取件码 A - 12 - 3，请取件", "A-12-3"],
    ["【菜鸟驿站】取件码 5 - A1 - 1234，请取件", "5-A1-1234"],
  ])("reads a shelf code typed with spaces around its dashes: %s", (text, code) => {
    expect(parsePickupNotice(text).codes).toEqual([code]);
  });

  it.each([
    ["【菜鸟驿站】取件码 400-820-8820", "a service number"],
    ["【菜鸟驿站】取件码 400820-8820", "a service number written another way"],
    ["【菜鸟驿站】取件码 800-8208820", "a toll-free number"],
    ["【菜鸟驿站】取件码 2026-1-5", "a date"],
    ["【菜鸟驿站】取件码 1999-12-31", "a date of the last century"],
    ["Ihr Abholcode: 13812345678", "a mainland mobile, where a code may be long"],
    ["Ihr Abholcode: 4001234567", "a service number, where a code may be long"],
    ["【菜鸟驿站】取件码 010-12345678", "a Beijing landline"],
    ["【菜鸟驿站】取件码 0571-88886666", "a landline with a four-digit area code"],
  ])("takes no code that is really a phone number or a date: %s (%s)", (text) => {
    expect(parsePickupNotice(text).codes).toEqual([]);
  });

  // The number may sit right before the keyword, as a code can (`4521取件码`): the words in front of it decide.
  it.each([
    ["【菜鸟驿站】手机尾号1234取件码5-2-1107", "a phone tail"],
    ["【菜鸟驿站】运单号88412736取件码5-2-1107", "a waybill number"],
    ["【菜鸟驿站】订单号12345678取件码5-2-1107", "an order number"],
    ["【菜鸟驿站】电话 88886666 取件码5-2-1107", "a phone number"],
    ["【菜鸟驿站】运费￥1234取件码5-2-1107", "a price"],
    ["￥1234取件码5-2-1107", "a price at the very start"],
  ])("takes no number that the words before it name, even just before a keyword: %s (%s)", (text) => {
    expect(parsePickupNotice(text).codes).toEqual(["5-2-1107"]);
  });

  it.each([
    ["【菜鸟驿站】4521取件码", "4521"],
    ["【菜鸟驿站】4521 是您的取件码，请及时领取", "4521"],
    ["You have a package to pick up at the Amazon Locker - 301 King Garage - 703057.", "703057"],
  ])("still takes a code before its keyword, or before a trailing stop: %s", (text, code) => {
    expect(parsePickupNotice(text).codes).toEqual([code]);
  });

  it("takes a long locker code that only looks like a mobile number", () => {
    expect(parsePickupNotice("Ihr Abholcode: 12812345678").codes).toEqual(["12812345678"]);
  });

  // Only a code that is a phone number or a date as a whole is refused, not one that starts or ends like one.
  it.each([
    ["Ihr Abholcode: 138123456789", "starts like a mobile"],
    ["Ihr Abholcode: 2213812345678", "ends like a mobile"],
    ["【菜鸟驿站】取件码 1400-123-4567", "ends like a service number"],
    ["【菜鸟驿站】取件码 400-123-45678", "starts like a service number"],
    ["【菜鸟驿站】取件码 12-2024-5-1", "ends like a date"],
    ["【菜鸟驿站】取件码 2024-5-12-3", "starts like a date"],
  ])("keeps a code that only holds a phone number or a date: %s (%s)", (text) => {
    expect(parsePickupNotice(text).codes).toEqual([text.split(" ").at(-1)]);
  });

  it.each([
    ["1-2", false],
    ["12-3", true],
    ["A-1", false],
    ["12345678-123456", true],
    ["123456789-123456", false],
    ["A1", false],
    ["AB1", false],
    ["A12", true],
  ])(
    "takes a code with letters or dashes only with 2 digits or more, and a dashed one with 3 to 14: %s",
    (code, kept) => {
      expect(parsePickupNotice(`【菜鸟驿站】取件码 ${code}，请取件`).codes).toEqual(kept ? [code] : []);
    },
  );

  it.each([
    ["【菜鸟驿站】取件码 5-2-1234 13900001111", ["5-2-1234"], "a dashed code before a phone number"],
    ["Your pickup code is 7731, 5 days to collect", ["7731"], "digits after a comma and a space"],
    ["【菜鸟驿站】取件码 2-1-3301/2-1-3302", ["2-1-3301", "2-1-3302"], "dashed codes listed with a slash"],
    ["【菜鸟驿站】取件码 8841/2-1-3302", [], "plain digits before a slash, as in a date or a fraction"],
  ])("reads what follows a code only as far as it must: %s (%s)", (text, codes) => {
    expect(parsePickupNotice(text).codes).toEqual(codes);
  });

  // A list goes on only with codes of the first one's shape: its letters, and its short and long digit runs.
  it.each([
    ["【菜鸟驿站】取件码 5-2-1234、5-2-5678", ["5-2-1234", "5-2-5678"]],
    ["【菜鸟驿站】取件码 5-2-1234、5-2-567", ["5-2-1234"]],
    ["【菜鸟驿站】取件码 5-2-1234、A5-2-1235", ["5-2-1234"]],
    ["【菜鸟驿站】取件码 A1234-567、A-567", ["A1234-567"]],
    ["【菜鸟驿站】取件码 A12-3456、A-3456", ["A12-3456"]],
  ])("reads a list of codes of one shape: %s", (text, codes) => {
    expect(parsePickupNotice(text).codes).toEqual(codes);
  });

  it.each([
    ["【菜鸟驿站】货架号 101、102", ["101", "102"], "three-digit shelf numbers, under the keyword that allows them"],
    ["【菜鸟驿站】取件码 a5-1-2233、a5-1-2234", ["A5-1-2233", "A5-1-2234"], "lower-case letters"],
    ["【菜鸟驿站】取件码 5-2-1234、5-2-1235号柜", ["5-2-1234"], "a locker number after the last one"],
  ])("reads a list with the first code's rules: %s (%s)", (text, codes) => {
    expect(parsePickupNotice(text).codes).toEqual(codes);
  });

  // An app card copied as text: the label on one line, the code a line or two below it.
  it.each([
    ["【菜鸟驿站】包裹已到站\n取件码：\na5-1-2233", ["A5-1-2233"]],
    ["【菜鸟驿站】包裹已到站\n取件码：\n\n5-2-1107", ["5-2-1107"]],
    ["【菜鸟驿站】包裹已到站\n取件码：\n手机尾号\n1234", []],
    ["【菜鸟驿站】包裹已到站\n取件码：\n手机尾号\n  1234", []],
    ["【菜鸟驿站】包裹已到站\n取件码：\n订单号\n12345678", []],
  ])("reads the code under its label, judged by the line above it: %j", (text, codes) => {
    expect(parsePickupNotice(text).codes).toEqual(codes);
  });

  // Only 货号 and 货架号 allow a three-digit code, and only as the code's own keyword.
  it.each([
    ["【菜鸟驿站】您的包裹已到，取件码 123，货号待定"],
    ["【菜鸟驿站】取件码 123，请到货架号区取件"],
    ["【菜鸟驿站】货号已满，取件码 123"],
  ])("takes no three-digit code when 货号 is elsewhere in the notice: %s", (text) => {
    expect(parsePickupNotice(text).codes).toEqual([]);
  });

  it("reads at most seven codes from one list", () => {
    const codes = Array.from({ length: 8 }, (_, i) => `1-1-100${i + 1}`);
    expect(parsePickupNotice(`【菜鸟驿站】取件码 ${codes.join("、")}`).codes).toEqual(codes.slice(0, 7));
  });

  it("takes no code longer than 16 characters", () => {
    expect(parsePickupNotice("【菜鸟驿站】取件码 AB123-AB123-AB123").codes).toEqual([]);
    expect(parsePickupNotice("【菜鸟驿站】取件码 AB123-AB123-AB12").codes).toEqual(["AB123-AB123-AB12"]);
  });

  it("reads an HTML tag as a break, so a code does not run into the next line", () => {
    expect(parsePickupNotice("<p>【菜鸟驿站】取件码 5-2-1234</p><p>2026-12-01 18:00</p>").codes).toEqual(["5-2-1234"]);
  });

  it.each(["【菜鸟驿站】您的包裹已到站，取件码 5–2–1234，请及时取件", "【菜鸟驿站】取件码 5—2—1234"])(
    "reads an en or em dash as the dash of a shelf code: %s",
    (text) => {
      expect(parsePickupNotice(text).codes).toEqual(["5-2-1234"]);
    },
  );

  it("reads the kind, the tails and the deadline of one notice", () => {
    const now = new Date("2026-12-01T02:00:00Z");
    expect(
      parsePickupNotice("【圆通快递】请凭31-5-4121到青禾村24排4号取运单尾号2428包裹，请在18:00前取件", now),
    ).toEqual({
      kind: "arrived",
      codes: ["31-5-4121"],
      station: "圆通快递",
      deadline: { text: "18:00前取件", at: new Date("2026-12-01T10:00:00Z") },
      trackingTail: "2428",
      phoneTail: null,
    });
    expect(parsePickupNotice("【丰巢】您尾号0421的快件已被取出，如非本人操作请联系客服", now)).toMatchObject({
      kind: "collected",
      codes: [],
      phoneTail: "0421",
    });
  });

  it("resolves deadlines in China time, whatever the machine's zone", () => {
    // 23:30 on 1 December in China is 15:30 UTC: "today" is still the 1st there
    const lateEvening = new Date("2026-12-01T15:30:00Z");
    expect(parsePickupNotice("【菜鸟驿站】取件码 5-2-1234，今日12点前不取退回", lateEvening).deadline).toEqual({
      text: "今日12点前不取退回",
      at: new Date("2026-12-01T04:00:00Z"),
    });
    expect(parsePickupNotice("【菜鸟驿站】取件码 5-2-1234，明天中午12点前取件", lateEvening).deadline?.at).toEqual(
      new Date("2026-12-02T04:00:00Z"),
    );
    expect(parsePickupNotice("【丰巢】取件码 884120，超24小时收费", lateEvening).deadline?.at).toEqual(
      new Date("2026-12-02T15:30:00Z"),
    );
  });
});

type Tally = { rows: number; exact: number; falsePositives: number };

function check(row: CorpusRow) {
  const notice = parsePickupNotice(row.text, CORPUS_NOW);
  return {
    exact: notice.codes.join("|") === row.codes.join("|"),
    falsePositive: notice.codes.some((code) => !row.codes.includes(code)),
    notice,
  };
}

function tally(rows: CorpusRow[]): Map<string, Tally> {
  const table = new Map<string, Tally>();
  for (const row of rows) {
    const { exact, falsePositive } = check(row);
    const entry = table.get(row.category) ?? { rows: 0, exact: 0, falsePositives: 0 };
    entry.rows += 1;
    entry.exact += exact ? 1 : 0;
    entry.falsePositives += falsePositive ? 1 : 0;
    table.set(row.category, entry);
  }
  return table;
}

function report(title: string, table: Map<string, Tally>): string {
  const lines = [`${title}`, "| kind | rows | exact codes | false positives |", "| --- | ---: | ---: | ---: |"];
  let rows = 0;
  let exact = 0;
  let falsePositives = 0;
  for (const category of [...CODE_CATEGORIES, ...LOOKALIKE_CATEGORIES]) {
    const entry = table.get(category);
    if (!entry) continue;
    rows += entry.rows;
    exact += entry.exact;
    falsePositives += entry.falsePositives;
    const rate = ((100 * entry.exact) / entry.rows).toFixed(1);
    lines.push(`| ${category} | ${entry.rows} | ${entry.exact} (${rate} %) | ${entry.falsePositives} |`);
  }
  lines.push(`| **all** | ${rows} | ${exact} (${((100 * exact) / rows).toFixed(1)} %) | ${falsePositives} |`);
  return lines.join("\n");
}

describe("the public corpus", () => {
  it("holds at least 150 public items, each with its source", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    for (const row of CORPUS) expect(row.source).toMatch(/^(?:https:\/\/)?github\.com\//);
    for (const row of MADE_UP) expect(row.source).toMatch(/^made up, shape of /);
  });

  it("covers every kind the issue lists, and every look-alike", () => {
    const categories = new Set(ALL_ROWS.map((row) => row.category));
    for (const category of [...CODE_CATEGORIES, ...LOOKALIKE_CATEGORIES]) expect(categories).toContain(category);
  });

  it.each(ALL_ROWS.map((row) => [row.category, row.text.replace(/\n/g, "⏎").slice(0, 60), row] as const))(
    "%s: %s",
    (_category, _text, row) => {
      const { notice } = check(row);
      expect(notice.codes).toEqual(row.codes);
      if (row.station !== undefined) expect(notice.station).toBe(row.station);
      if (row.kind !== undefined) expect(notice.kind).toBe(row.kind);
      if (row.trackingTail !== undefined) expect(notice.trackingTail).toBe(row.trackingTail);
      if (row.phoneTail !== undefined) expect(notice.phoneTail).toBe(row.phoneTail);
      if (row.deadline === null) expect(notice.deadline).toBeNull();
      if (row.deadline) {
        expect(notice.deadline?.text).toContain(row.deadline.contains);
        if (row.deadline.at) expect(notice.deadline?.at?.toISOString()).toBe(row.deadline.at);
      }
    },
  );

  it("takes no code from any look-alike and reads ≥ 98 % of codes exactly, per kind", () => {
    const table = tally(CORPUS);
    console.info(report("Public corpus", table));
    console.info(report("Made-up rows (shapes of the issue)", tally(MADE_UP)));
    for (const category of LOOKALIKE_CATEGORIES) expect(table.get(category)?.falsePositives ?? 0).toBe(0);
    const all = [...table.values()].reduce((sum, entry) => ({
      rows: sum.rows + entry.rows,
      exact: sum.exact + entry.exact,
      falsePositives: sum.falsePositives + entry.falsePositives,
    }));
    expect(all.exact / all.rows).toBeGreaterThanOrEqual(0.98);
  });
});

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((list) => list.join(""));
const pad = (n: number) => String(n).padStart(2, "0");

const mobile = fc
  .tuple(fc.constantFrom("13", "15", "16", "17", "18", "19"), digits(9, 9), fc.constantFrom("", "+86", "+86 ", "86-"))
  .map(([head, rest, prefix]) => `${prefix}${head}${rest}`);
const mobileSpaced = fc
  .tuple(fc.constantFrom("139", "158", "186"), digits(4, 4), digits(4, 4))
  .map(([a, b, c]) => `${a} ${b} ${c}`);
const landline = fc
  .tuple(fc.constantFrom("010", "021", "0571", "0394", "0755"), digits(7, 8), fc.constantFrom("-", ""))
  .map(([area, rest, dash]) => `${area}${dash}${rest}`);
const hotline = fc.tuple(fc.constantFrom("400", "800"), digits(3, 3), digits(4, 4)).map((p) => p.join("-"));
const tracking = fc.oneof(
  fc.tuple(fc.constantFrom("SF", "YT", "JT", "ZTO", "JD", "YD", "DPK"), digits(10, 15)).map((p) => p.join("")),
  digits(12, 20).map((d) => `7${d}`),
);
const date = fc
  .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .chain(([y, m, d]) =>
    fc.constantFrom(
      `${y}-${pad(m)}-${pad(d)}`,
      `${y}/${m}/${d}`,
      `${y}.${pad(m)}.${pad(d)}`,
      `${y}年${m}月${d}日`,
      `${m}月${d}日`,
      `${pad(m)}/${pad(d)}`,
    ),
  );
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${pad(h)}:${pad(m)}`);
const noise = fc.oneof(mobile, mobileSpaced, landline, hotline, tracking, date, clock);

// `%` is where the noise goes; the second field is the code the template itself carries, if any.
const TEMPLATES: [string, string[]][] = [
  ["取件码 %", []],
  ["取件码：%，请及时取件", []],
  ["凭 % 取件", []],
  ["请凭%到驿站取件", []],
  ["pickup code %", []],
  ["Your pickup code is %.", []],
  ["Kod odbioru: %", []],
  ["【菜鸟驿站】包裹 % 已到站", []],
  ["【丰巢】您的快递已存入快递柜，详询%", []],
  ["【妈妈驿站】取货码%，您有圆通快递包裹", []],
  ["货号%，请到商服一楼取件", []],
  ["【菜鸟驿站】取件码 5-2-1234，联系电话%", ["5-2-1234"]],
  ["【兔喜生活】请凭552577至东门快递柜取件，% 前取，运单%", ["552577"]],
  ["取件码\n%\n菜鸟驿站 | 文三路店", []],
  ["【圆通快递】凭7-3-4139到青禾村取件，%送达", ["7-3-4139"]],
];

describe("numbers that are never a code", () => {
  it("phone numbers, tracking numbers, dates and times in any template are never taken", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEMPLATES), noise, ([template, expected], value) => {
        const text = template.replaceAll("%", value);
        expect(parsePickupNotice(text).codes).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
