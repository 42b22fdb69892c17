/**
 * Reads a pickup notice as parcel stations and lockers send it (SMS, app card, e-mail, pasted text):
 * `【菜鸟驿站】您的包裹已到…取件码 5-2-1234`, `凭取件码 8841 取件`, `… Amazon Locker - Main St - 482913`.
 *
 * A code is taken only where the notice says it is one: after a pickup keyword (取件码, 货架号, pickup code,
 * Kod odbioru, Abholcode, …), after 凭 / 请用 / 请输入 in a parcel notice, or in the shelf shape (5-2-1234)
 * of a parcel notice. A bare number is never taken: notices also carry the phone's last four (尾号0421),
 * phone numbers, tracking numbers, box numbers (3号柜12号格口), dates and amounts.
 * How well it does on real notices: docs/PICKUP-PARSER.md.
 */
import { displayText } from "@/lib/text";

export type PickupNotice = {
  /** "arrived": a parcel waits (codes may be empty); "collected": the station says it was picked up; null: neither. */
  kind: "arrived" | "collected" | null;
  /** Every code the notice gives, in the order given, upper-cased. */
  codes: string[];
  station: string | null;
  /** The pickup deadline as written (`请在18:00前取件`), and as an instant in China time where it can be resolved. */
  deadline: { text: string; at: Date | null } | null;
  /** The waybill's tail the notice names (`运单尾号1234`, or the last four of a full tracking number). */
  trackingTail: string | null;
  /** The phone's last four the notice names (`尾号0421`). */
  phoneTail: string | null;
};

const KNOWN_STATIONS = [
  "菜鸟驿站",
  "妈妈驿站",
  "兔喜生活",
  "兔喜快递超市",
  "中通快递超市",
  "韵达快递超市",
  "极兔驿站",
  "邮政驿站",
  "中邮驿站",
  "京东快递",
  "丰巢",
  "速递易",
  "近邻宝",
  "熊猫快收",
  "日日顺",
  "快宝驿站",
  "递管家",
  "Cainiao Station",
  "Hive Box",
  "Amazon Hub Locker",
  "Amazon Locker",
  "Amazon Hub",
  "InPost",
  "Paczkomat",
  "Allegro One Box",
  "Packstation",
  "UPS Access Point",
  "DHL",
];

// One code: up to five dash-joined segments (5-2-1234, A12-3-4567, N-3-2210, 5-5-9-13), a letter-and-digit
// shelf code (K215, 3F2, JD3107, 4B17) or plain digits, never part of a longer token.
const SEG_FIRST = String.raw`(?:[A-Z]{1,3}\d{1,6}|\d{1,16}|\d{1,2}[A-Z]\d{1,5}|[A-Z]{1,2}(?=-\d))`;
const SEG = String.raw`(?:[A-Z]{0,2}\d{1,6}|\d{1,6}[A-Z]\d{1,5})`;
const CODE = `(?<![A-Z0-9])(${SEG_FIRST}(?:-${SEG}){0,4})(?![A-Z0-9]|-[A-Z0-9])`;
// Two groups of 3–4 digits, as InPost, Allegro and some lockers print them (`Kod odbioru: 111 222`), or digits
// spaced out one by one (`取件码 4 8 2 7 1 6`).
const SPACED = String.raw`(?<![0-9])(\d{3,4} \d{3,4}|(?:\d ){3,7}\d)(?![0-9]| \d)`;

const KEYWORDS_ZH = [
  "取件号码",
  "取货号码",
  "提货号码",
  "取件码",
  "取货码",
  "提货码",
  "提件码",
  "取件号",
  "取货号",
  "提货号",
  "取件密码",
  "取件编码",
  "提货编码",
  "取货编码",
  "提取码",
  "开箱码",
  "开柜码",
  "收货码",
  "自提码",
  "领取码",
  "取包码",
  "货架号",
  "货号",
];
const KEYWORDS_OTHER = [
  String.raw`pick[\s-]?up\s+(?:code|number|pin)`,
  String.raw`collection\s+(?:code|pin)`,
  String.raw`(?:parcel|locker|access|unlock|claim)\s+code`,
  String.raw`enter\s+(?:the\s+|this\s+|your\s+)?(?:pickup\s+)?code`,
  String.raw`kod(?:em)?\s+odbioru`,
  "abhol(?:code|nummer|-code|pin)",
  "(?:ophaal|afhaal)code",
  String.raw`code\s+de\s+(?:retrait|r[ée]cup[ée]ration)`,
  String.raw`c[óo]digo\s+de\s+(?:recogida|retirada)`,
  String.raw`codice\s+di\s+ritiro`,
];
const KEYWORD = `(?:${[...KEYWORDS_ZH, ...KEYWORDS_OTHER].join("|")})`;
// Only in a parcel notice, and not as part of 动态密码 / 登录密码 / 验证码.
const WEAK_KEYWORD = String.raw`(?:(?<![动态登录支付交易初始短信账户号改设置新旧])密码|(?<![邮])编码|\bcode|\bkod|\bpin)`;
const SEP = String.raw`(?:\s*(?:[:：]|分别为|分别是|依次为|是|为|為|\bis\b|lautet|wynosi|to|:)\s*)*\s*`;
const OPEN = String.raw`["'“”‘’「『【\[(（<]?\s*`;
// A locker or box number may sit between the keyword and the code (`取件码 1号柜902144`).
const BOX = String.raw`(?:\d{1,3}号(?:柜|快递柜)?\s*)?`;
const AFTER = `${SEP}${OPEN}${BOX}(?:${SPACED}|${CODE})`;

const STRONG_AFTER = new RegExp(`${KEYWORD}${AFTER}`, "dgiu");
// Lockers outside China also use letters anywhere in the code (`Code de retrait: 7HK29Q`).
const FOREIGN_ALNUM = new RegExp(
  `(?:${KEYWORDS_OTHER.join("|")})${SEP}${OPEN}(?<![A-Z0-9])((?=[A-Z]*\\d[A-Z]*\\d)(?=\\d*[A-Z])[A-Z0-9]{5,10})(?![A-Z0-9])`,
  "dgiu",
);
const WEAK_AFTER = new RegExp(`${WEAK_KEYWORD}${AFTER}`, "dgiu");
const PING = new RegExp(
  String.raw`(?:凭|请用|请输入|输入|出示)(?:取件码|取货码|提货码|编码|码)?\s*${OPEN}${BOX}${CODE}`,
  "dgiu",
);
const BEFORE_KEYWORD = new RegExp(String.raw`${CODE}\s*(?:是|为)?(?:您的)?(?:取件码|取货码|提货码)`, "dgiu");
const SHELF = /(?<![A-Z0-9-])([A-Z]?\d{1,3}-\d{1,2}-\d{3,5})(?![A-Z0-9]|-[A-Z0-9])/dgiu;
// `You have a package to pick up at the Amazon Locker - 301 King Garage - 703057`
const LOCKER_LINE =
  /\b(?:locker|lockers|hub|access point|packstation|paczkomat\w*)\b[^\n]*?\s-\s*(\d{4,8})[ \t.]*$/dgimu;
const KEYWORD_AT_LINE_END = new RegExp(`${KEYWORD}\\s*[:：]?[ \\t]*$`, "gimu");
const LINE_START_CODE = new RegExp(String.raw`^[ \t]*${CODE}(?![:/.]\d)(?=\s|$|[^\x00-\x7F]|[>,.;)])`, "iu");

const PARCEL_NOTICE =
  /包裹|快递|快件|驿站|取件|取货|提货|领取|丰巢|快递柜|智能柜|代收|自提|货架|parcel|package|pick[\s-]?up|locker|collect|paczk|przesyłk|sendung|paket|packstation|colis|pakket|pacco|paquete/i;
const VERIFICATION =
  /验证码|校验码|动态码|动态密码|登录码|一次性(?:密码|口令)|verification|one[\s-]?time|\bOTP\b|passcode/i;

// What may directly follow a code and makes it not one: a unit, a box, a room, a time or a decimal.
const TAIL_REJECT =
  /^(?:号(?:柜|格|楼|栋|幢|室|单元|门|院|店|铺|线|床|房)|[栋幢楼室层元块个件单天米岁次折%年月日时分秒点]|小时|分钟|秒|格口|柜|箱|[/:.]\d|\s*(?:元|块钱|RMB|yuan))/iu;
const HEAD_REJECT = /(?:尾号|单号|订单号?|运单号?|电话|手机|热线|[¥￥$]|\d[/:.])$/u;

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF5E~]/g;

function normalise(raw: string): string {
  return (
    // Bidi controls would reorder a station name wherever it is shown (the contact log, Pickup).
    displayText(raw)
      .normalize("NFKC")
      .replace(/<[^<>\n]{1,300}>/g, " ")
      .replace(DASHES, "-")
      // OCR reads a dash between digits as 一
      .replace(/(?<=\d)一(?=\d)/gu, "-")
      // OCR and copied cards split words: 取 件 码, or 取 alone on the line above 件码
      .replace(/(\p{Script=Han})[ \t\u3000]+(?=\p{Script=Han})/gu, "$1")
      .replace(/^([ \t]*\p{Script=Han}{1,2})[ \t]*\n(?=\p{Script=Han})/gmu, "$1")
      // `B2 - 1 - 4410`: spaces around a dash inside a code
      .replace(
        /(?<![A-Za-z0-9])([A-Za-z]{0,2}\d{1,6}|[A-Za-z])((?:[ \t]*-[ \t]*[A-Za-z]{0,2}\d{1,6})+)(?![A-Za-z0-9])/g,
        (_, head: string, rest: string) => `${head}${rest.replace(/[ \t]/g, "")}`,
      )
  );
}

function plausible(code: string, keyword: string): boolean {
  // A landline (010-12345678) needs no rule here: no part of a code after a dash holds more than six digits.
  if (/^1[3-9]\d{9}$|^[48]00-?\d{3}-?\d{4}$|^(?:19|20)\d{2}-\d{1,2}-\d{1,2}$/.test(code)) return false;
  const digits = code.replace(/\D/g, "").length;
  if (/^\d+$/.test(code)) {
    const min = /货号|货架号/.test(keyword) ? 3 : 4;
    const max = /abhol/i.test(keyword) ? 16 : 8;
    return digits >= min && digits <= max;
  }
  if (code.length > 16) return false;
  // Letters without a dash hold at most seven digits by the pattern (SEG_FIRST): only the floor is a rule.
  return code.includes("-") ? digits >= 3 && digits <= 14 : digits >= 2;
}

type Found = { code: string; at: number };

// A list `2-1-3301/2-1-3302` is not a date: a slash between two dashed codes is allowed.
const SLASH_LIST = /^\/[A-Z0-9]{1,4}-/iu;

function accept(text: string, code: string, start: number, end: number, keyword: string, listed = false): boolean {
  if (!plausible(code, keyword)) return false;
  const tail = text.slice(end, end + 4);
  if (TAIL_REJECT.test(tail) && !(code.includes("-") && SLASH_LIST.test(tail))) return false;
  // Plain digits with more digits after a space are the head of a phone or tracking number (`139 0000 1111`).
  if (/^\d+$/.test(code) && /^ \d/.test(tail)) return false;
  // The four characters before the code, past any spaces or line breaks (an indented line on a card).
  return listed || !HEAD_REJECT.test(text.slice(0, start).trimEnd().slice(-4));
}

function shapeOf(code: string): string {
  return code.replace(/[A-Z]/g, "A").replace(/\d+/g, (d) => (d.length >= 4 ? "9" : "0"));
}

const LIST_TAIL = new RegExp(String.raw`^\s*(?:,|、|/|;|和|及|以及|&|and)\s*(?:取件码|取货码)?\s*${CODE}`, "iu");

// After one code, a list of more in the same shape, under the same keyword: `取件码为16-4-9626, 15-3-2194,
// 16-3-0906`, `货架号 101、102`.
function followers(text: string, first: string, end: number, keyword: string): Found[] {
  const found: Found[] = [];
  let rest = end;
  for (let i = 0; i < 6; i += 1) {
    const next = LIST_TAIL.exec(text.slice(rest));
    if (!next) break;
    const code = next[1].toUpperCase();
    const codeEnd = rest + next[0].length;
    if (shapeOf(code) !== shapeOf(first) || !accept(text, code, codeEnd - code.length, codeEnd, keyword, true)) break;
    found.push({ code, at: codeEnd - code.length });
    rest = codeEnd;
  }
  return found;
}

// Each pattern has the `d` flag: where its code group sits (the code may come before the keyword, or
// before a trailing space), so that the text checked before and after it is the code's own.
function matchAll(text: string, pattern: RegExp, collect: Found[]) {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const group = match.findIndex((value, index) => index > 0 && value !== undefined);
    const [start, end] = (match.indices as RegExpIndicesArray)[group];
    const code = text.slice(start, end).replace(/ /g, "").toUpperCase();
    // The words before the code: a code before its keyword (`4521取件码`) has none, and needs none, since
    // only 货号, 货架号 and Abholcode change what a code may be, and each comes before it.
    const keyword = text.slice(match.index, start);
    if (!accept(text, code, start, end, keyword)) continue;
    collect.push({ code, at: start }, ...followers(text, code, end, keyword));
  }
}

// An app card copied as text may put the code a few lines under its label.
function underKeyword(text: string, collect: Found[]) {
  KEYWORD_AT_LINE_END.lastIndex = 0;
  for (let match = KEYWORD_AT_LINE_END.exec(text); match; match = KEYWORD_AT_LINE_END.exec(text)) {
    let offset = match.index + match[0].length;
    const lines = text.slice(offset).split("\n").slice(1, 4);
    offset += 1;
    for (const line of lines) {
      const hit = LINE_START_CODE.exec(line);
      if (hit) {
        const code = hit[1].toUpperCase();
        const start = offset + line.indexOf(hit[1]);
        if (accept(text, code, start, start + code.length, match[0])) collect.push({ code, at: start });
        break;
      }
      offset += line.length + 1;
    }
  }
}

function findCodes(text: string): string[] {
  const notice = PARCEL_NOTICE.test(text);
  const found: Found[] = [];
  matchAll(text, STRONG_AFTER, found);
  matchAll(text, FOREIGN_ALNUM, found);
  underKeyword(text, found);
  if (notice) {
    matchAll(text, PING, found);
    matchAll(text, BEFORE_KEYWORD, found);
    if (!VERIFICATION.test(text)) matchAll(text, WEAK_AFTER, found);
    matchAll(text, LOCKER_LINE, found);
    if (found.length === 0 && !VERIFICATION.test(text)) matchAll(text, SHELF, found);
  }
  found.sort((a, b) => a.at - b.at);
  const codes: string[] = [];
  for (const { code } of found) {
    // The same code again, or an OCR'd stub of a longer code on the same card (3-6-403 beside 3-6-4035),
    // is not a second code.
    if (codes.some((known) => known.startsWith(code) || code.startsWith(known))) {
      const index = codes.findIndex((known) => code.startsWith(known));
      if (index >= 0) codes[index] = code;
      continue;
    }
    codes.push(code);
  }
  return codes;
}

const BRACKET = /【\s*([^【】\n]{1,30}?)\s*】/u;
const LEADING_SQUARE = /^\s*\[\s*([^[\]\n]{1,30}?)\s*\]/u;
const NOT_A_NAME = /^(?:地址|x+|\*+|\d+)$/iu;
const NAMED_PLACE =
  /(?:已到|到达|到|至|放至|存至|存放至|在)([\p{Script=Han}A-Za-z0-9()（）·-]{2,24}?(?:菜鸟驿站|妈妈驿站|快递驿站|驿站|快递超市|代收点|自提点|服务站|快递柜|智能柜))/u;

function station(text: string): string | null {
  for (const pattern of [BRACKET, LEADING_SQUARE]) {
    const match = pattern.exec(text);
    if (match && !NOT_A_NAME.test(match[1])) return match[1];
  }
  const lower = text.toLowerCase();
  const brand = KNOWN_STATIONS.find((name) => lower.includes(name.toLowerCase()));
  const named = NAMED_PLACE.exec(text)?.[1] ?? null;
  return brand ?? named;
}

const COLLECTED =
  /(?<!(?:如|若|如果|如您|若您|倘若)\s*)(?:已(?:于[\d:：月日号点分年\-./今昨天上下午晚早\s]{1,14}?)?[被由]?(?:您|本人|他人|家人|代收人)?(?:本人)?(?:取出|取走|领取|签收)|已取件|签收人|取件成功|has been (?:collected|picked up)|was (?:collected|picked up)|\byou(?: have|'ve)? (?:collected|picked up) your|wurde abgeholt|(?:została|zostala) odebrana|is opgehaald|a été retiré)(?![0-9])/iu;
const ARRIVED =
  /已到|到站|到达|送达|已存|存放|放入|放至|已放|入柜|待取|到巢|及时取|尽快取|速取|代收|请.{0,24}?(?:取件|取货|领取|取您的|取包裹)|凭.{0,24}?取|ready (?:for|to be) (?:pick ?up|picked up|collect)|to pick up|awaiting (?:collection|pick ?up)|czeka|zur Abholung|abholbereit|liegt .{0,40}bereit|odbierz|ligt klaar|disponible|vous attend|wartet/iu;
const IN_TRANSIT_ONLY =
  /派送中|派件中|正在派送|正在派件|out for delivery|delivery attempt|attempted|on (?:its|the) way|已发货|已揽收|运输中|shipped/iu;
const STATION_CONTEXT =
  /驿站|快递柜|智能柜|丰巢|代收|自提|取件|取货|提货|领取|菜鸟|门店|快递超市|货架|柜|locker|hub|access point|pick ?up|collect|paczkomat|packstation|filiale|punkt/iu;

function kindOf(text: string, codes: string[]): PickupNotice["kind"] {
  if (COLLECTED.test(text)) return "collected";
  if (codes.length > 0) return "arrived";
  if (ARRIVED.test(text) && STATION_CONTEXT.test(text) && !IN_TRANSIT_ONLY.test(text)) return "arrived";
  return null;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

// Midnight of the China calendar day `days` after now's, as an instant, plus `hour:minute` China time.
function chinaTime(now: Date, days: number, hour: number, minute: number): Date {
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days);
  return new Date(midnight - CHINA_OFFSET_MS + hour * HOUR_MS + minute * 60_000);
}

const HALF_YEAR_MS = 180 * 24 * HOUR_MS;

function chinaDate(now: Date, month: number, day: number, hour: number, minute: number, given?: number): Date | null {
  if (month < 1 || month > 12) return null;
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  let year = given ?? local.getUTCFullYear();
  if (given === undefined) {
    // Without a year, the date nearest today: a notice of 2 January read on 28 December is next year's,
    // and "before 31 December" read on 2 January was last year's.
    const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    const thisYear = Date.UTC(year, month - 1, day);
    if (thisYear < today - HALF_YEAR_MS) year += 1;
    else if (thisYear > today + HALF_YEAR_MS) year -= 1;
  }
  const date = Date.UTC(year, month - 1, day);
  // 30 February, 31 April or day 0 is no date (Date.UTC would roll it into the next or last month).
  if (new Date(date).getUTCDate() !== day) return null;
  return new Date(date - CHINA_OFFSET_MS + hour * HOUR_MS + minute * 60_000);
}

const DAY_WORD: Record<string, number> = { 今: 0, 当: 0, 明: 1, 后: 2 };
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const CLOCK_BEFORE =
  /(?:(今|明|后|当)(?:天|日|晚))?\s*(上午|下午|晚上|中午|早上|傍晚)?\s*(\d{1,2})(?:[:：](\d{2})|点(半|\d{1,2}分?)?|时)\s*(?:前|以前|之前)[^，,。；;！!\n]{0,12}/u;
const DATE_BEFORE =
  /(\d{1,2})(?:月|\.|\/)(\d{1,2})[日号]?\s*(?:(\d{1,2})[:：](\d{2}))?\s*(?:前|以前|之前)[^，,。；;！!\n]{0,10}/u;
const HOURS =
  /(?:(?:免费)?(?:存放?|保管|保存|超过?|超时)\s*)?(\d{1,3})\s*(小时|h\b|天|godzin|hours|Stunden|uur|heures)(?:内|之内)?[^，,。；;！!\n]{0,10}/giu;
const SPAN_CONTEXT = /存|保管|保存|超|内|免费|pozostanie|przez|within|for|bleibt|取/iu;
const TODAY = /(?:今日|今天|当日|当天)内?(?:取件|领取|取)[^，,。；;！!\n]{0,6}/u;
const UNTIL_EN =
  /(?:pick ?up|collect)\s+(?:it\s+)?(?:by|until|before)\s*:?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?(?:([A-Za-z]{3,9})\.?\s+(\d{1,2})|(\d{1,2})\/(\d{1,2})\/(\d{4}))/iu;

function deadlineOf(text: string, now: Date): PickupNotice["deadline"] {
  // A date first: in `12月3日18:30前` the clock alone would say today.
  const date = DATE_BEFORE.exec(text);
  if (date) {
    const hour = date[3] ? Number(date[3]) : 24;
    const minute = date[4] ? Number(date[4]) : 0;
    return { text: date[0].trim(), at: chinaDate(now, Number(date[1]), Number(date[2]), hour, minute) };
  }
  const clock = CLOCK_BEFORE.exec(text);
  if (clock) {
    let hour = Number(clock[3]);
    const minute = clock[4] ? Number(clock[4]) : clock[5] === "半" ? 30 : clock[5] ? Number.parseInt(clock[5], 10) : 0;
    // 今晚 and 明晚 are evenings too; 晚上12点 is midnight, 下午12点 noon.
    const evening = /^[今明后当]晚/.test(clock[0]) || /晚上|傍晚/.test(clock[2] ?? "");
    if ((evening || clock[2] === "下午") && hour < 12) hour += 12;
    else if (evening && hour === 12) hour = 24;
    const days = clock[1] ? DAY_WORD[clock[1]] : 0;
    const valid = hour <= 24 && minute < 60;
    return { text: clock[0].trim(), at: valid ? chinaTime(now, days, hour, minute) : null };
  }
  HOURS.lastIndex = 0;
  for (let span = HOURS.exec(text); span; span = HOURS.exec(text)) {
    // 已超6小时未取 and 已经超过6小时 say how late it is, not how long is left
    if (/已经?\s*$/.test(text.slice(0, span.index))) continue;
    if (!SPAN_CONTEXT.test(text.slice(Math.max(0, span.index - 20), span.index + span[0].length + 4))) continue;
    const amount = Number(span[1]);
    const hours = /天/.test(span[2]) ? amount * 24 : amount;
    if (hours > 0 && hours <= 24 * 14) return { text: span[0].trim(), at: new Date(now.getTime() + hours * HOUR_MS) };
  }
  const today = TODAY.exec(text);
  if (today) return { text: today[0].trim(), at: chinaTime(now, 1, 0, 0) };
  const until = UNTIL_EN.exec(text);
  if (until) {
    const month = until[1] ? MONTHS.indexOf(until[1].slice(0, 3).toLowerCase()) + 1 : Number(until[3]);
    const day = until[1] ? Number(until[2]) : Number(until[4]);
    const year = until[5] ? Number(until[5]) : undefined;
    // A month name it does not know is month 0, which chinaDate refuses.
    return { text: until[0], at: chinaDate(now, month, day, 24, 0, year) };
  }
  return null;
}

function trackingTailOf(text: string): string | null {
  const tail =
    /(?:运单|单号|快递单|快件|快递)尾号\s*[为是:]?\s*(\d{4,6})(?!\d)|取尾号\s*(\d{4})(?!\d)\s*(?:的)?包裹|尾号\s*(\d{4})(?!\d)\s*(?:的)?(?:包裹|快件)(?!已)/u.exec(
      text,
    );
  if (tail) return (tail[1] ?? tail[2] ?? tail[3]).slice(-4);
  const masked = /(?:快递|快件|包裹|顺丰|中通|圆通|韵达|申通|极兔|邮政|京东)[:：]?\s*\*+\s*(\d{4,})/u.exec(text);
  if (masked) return masked[1].slice(-4);
  const full =
    /(?<![A-Z0-9])(?:SF|YT|JT|ZT|YD|JD[A-Z]{0,2}|STO|YTO|ZTO|DPK|EMS|EM)\d{8,18}(?![0-9])|(?:运单号?|单号|快件|快递|包裹|tracking(?: number)?|sendungsnummer|numer paczki|nr przesyłki)\s*[:：#]?\s*([A-Z]{0,4}\d{10,24})(?![0-9])/iu.exec(
      text,
    );
  if (full) {
    const number = (full[1] ?? full[0]).replace(/\D/g, "");
    if (!/^1[3-9]\d{9}$/.test(number) && number.length >= 10) return number.slice(-4);
  }
  return null;
}

function phoneTailOf(text: string): string | null {
  const tail =
    /(?<!运单|单号|快递单|快件|快递|取)尾号\s*[为是:]?\s*(\d{4})(?!\d)(?!\s*(?:的)?(?:包裹|快件)(?!已))/u.exec(text);
  if (tail) return tail[1];
  const masked = /(?<!\d)1[3-9]\d[*＊xX]{4}(\d{4})(?!\d)/u.exec(text);
  return masked ? masked[1] : null;
}

// `now` resolves relative deadlines (`今日12点前`, `超24小时收费` from the notice's arrival).
export function parsePickupNotice(raw: string, now: Date = new Date()): PickupNotice {
  const text = normalise(raw.slice(0, 8000)).slice(0, 4000);
  const codes = findCodes(text);
  return {
    kind: kindOf(text, codes),
    codes,
    station: station(text),
    deadline: deadlineOf(text, now),
    trackingTail: trackingTailOf(text),
    phoneTail: phoneTailOf(text),
  };
}
