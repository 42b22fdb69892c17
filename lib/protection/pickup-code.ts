/**
 * Picks the pickup code and the station out of a pickup notice, as parcel stations and lockers send them:
 * `【菜鸟驿站】您的包裹已到…取件码 5-2-1234`, `凭取件码 8841 取件`, `Your parcel is ready, pickup code 7731`.
 *
 * A code is taken only after a pickup keyword (取件码, 提货码, pickup code, …), after 凭 in a parcel
 * notice, or in the shelf-row-number shape (5-2-1234) in a parcel notice. A bare number is never taken:
 * notices also carry the last four digits of the phone (尾号0421), phone numbers and tracking numbers.
 */
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
  "丰巢",
  "速递易",
  "近邻宝",
  "京东快递",
  "熊猫快收",
  "日日顺",
  "邮政驿站",
  "Cainiao Station",
  "Hive Box",
];

// One code: an optional letter prefix and 1–6 digits, in up to four dashed parts (5-2-1234, A12-3-4567),
// or 3–8 digits with an optional letter prefix (8841, 12345678, B0615). Never part of a longer token.
const CODE = String.raw`(?<![A-Z0-9-])((?:[A-Z]{0,2}\d{1,6}(?:-[A-Z]?\d{1,6}){1,3})|(?:[A-Z]{0,2}\d{3,8}))(?![A-Z0-9]|-[A-Z0-9])`;
const LIST_TAIL = new RegExp(String.raw`^\s*(?:,|、|/|和|及|and)\s*${CODE}`, "i");

const KEYWORD = String.raw`(?:取件码|取货码|提货码|提件码|取件号|取货号|取件密码|取件编码|提取码|开箱码|开柜码|pick[\s-]?up\s+(?:code|number)|collection\s+code|parcel\s+code|locker\s+code)`;
const OPEN = String.raw`["'“”‘’「『【\[(（]`;
const AFTER_KEYWORD = new RegExp(String.raw`${KEYWORD}(?:\s*(?:[:是为為]|is\b))*\s*${OPEN}?\s*${CODE}`, "gi");
const AFTER_PING = new RegExp(String.raw`凭\s*${OPEN}?\s*${CODE}`, "gi");
const SHELF = /(?<![A-Z0-9-])([A-Z]?\d{1,3}-\d{1,2}-\d{3,5})(?![A-Z0-9]|-[A-Z0-9])/gi;
const WEAK_KEYWORD = new RegExp(String.raw`\bcode(?:\s*(?::|is\b))*\s*${OPEN}?\s*${CODE}`, "gi");
const PARCEL_NOTICE =
  /包裹|快递|快件|驿站|取件|取货|提货|领取|丰巢|快递柜|智能柜|parcel|package|pick[\s-]?up|locker|collect/i;

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;

function normalise(text: string): string {
  return text.normalize("NFKC").replace(DASHES, "-");
}

/** A pure number must look like a code, not a phone, a date or a year. */
function plausible(code: string): boolean {
  const digits = code.replace(/\D/g, "");
  if (!code.includes("-") && /^\d+$/.test(code)) return digits.length >= 4 && digits.length <= 8;
  return digits.length >= 3 && digits.length <= 12;
}

function withFollowers(text: string, first: string, end: number): string[] {
  const codes = [first.toUpperCase()];
  let rest = text.slice(end);
  for (let i = 0; i < 4; i += 1) {
    const next = LIST_TAIL.exec(rest);
    if (!next || !plausible(next[1])) break;
    codes.push(next[1].toUpperCase());
    rest = rest.slice(next[0].length);
  }
  return codes;
}

function firstCode(text: string, pattern: RegExp): string[] | null {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const code = match[1];
    if (plausible(code)) return withFollowers(text, code, match.index + match[0].length);
  }
  return null;
}

function station(text: string): string | null {
  const bracket = /【\s*([^【】\n]{1,30}?)\s*】/.exec(text) ?? /^\s*\[\s*([^[\]\n]{1,30}?)\s*\]/.exec(text);
  if (bracket) return bracket[1];
  const lower = text.toLowerCase();
  return KNOWN_STATIONS.find((name) => lower.includes(name.toLowerCase())) ?? null;
}

// `now` resolves relative deadlines (`今日12点前`); the notice's own words are kept beside the instant.
export function parsePickupNotice(raw: string, _now: Date = new Date()): PickupNotice {
  const text = normalise(raw).slice(0, 4000);
  const notice = PARCEL_NOTICE.test(text);
  const codes =
    firstCode(text, AFTER_KEYWORD) ??
    (notice ? (firstCode(text, AFTER_PING) ?? firstCode(text, SHELF) ?? firstCode(text, WEAK_KEYWORD)) : null) ??
    [];
  return {
    kind: codes.length > 0 ? "arrived" : null,
    codes,
    station: station(text),
    deadline: null,
    trackingTail: null,
    phoneTail: null,
  };
}
