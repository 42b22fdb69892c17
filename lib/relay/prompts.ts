import type { CallerKind, ContactChannel } from "@/lib/db/schema";
import { LOCALES, type Locale } from "@/lib/i18n/config";
import { localName } from "@/lib/i18n/names";
import type { About, RejectReason } from "@/lib/protection/relay";

/** One text in every locale the app speaks. */
export type Localised = Record<Locale, string>;

type Whisper = {
  channel: ContactChannel;
  callerKind: CallerKind;
  item: string;
  merchant: string;
  courier: string | null;
};

type Catalogue = {
  /** The `<Say language>` a provider speaks this locale in. */
  voice: string;
  whisper: (about: Whisper) => string;
  say: Record<RejectReason | "no_input", string>;
  enterExtension: string;
  startWithExtension: string;
};

/**
 * Everything the relay says, by locale. A third language is one more entry here. The whisper is spoken
 * before the call connects, so it stays short; it never carries a number (the order number's tail
 * reads like the line's last four).
 */
export const PROMPTS: Record<Locale, Catalogue> = {
  en: {
    voice: "en-US",
    whisper: ({ channel, callerKind, item, merchant, courier }) => {
      const noun = channel === "call" ? "Call" : "Message";
      if (callerKind === "merchant") return `${noun} from ${merchant} about your order of ${item}`;
      if (callerKind === "courier")
        return `${noun} from ${courier ? `the ${courier}` : "a"} courier about your order of ${item} from ${merchant}`;
      return `${noun} about your order of ${item} from ${merchant}`;
    },
    say: {
      ended: "This number is no longer in service.",
      expired: "This number is no longer in service.",
      unknown: "The number you dialled does not exist.",
      cooling: "The number you dialled does not exist.",
      blocked: "The person you are calling is not available.",
      locked: "The person you are calling is not available.",
      unavailable: "The service is temporarily unavailable. Please try again later.",
      no_input: "No extension was entered. Goodbye.",
    },
    enterExtension: "Please enter the 4-digit extension.",
    startWithExtension: 'Start your message with the 4-digit extension of the line, e.g. "0421 your text".',
  },
  "zh-CN": {
    voice: "zh-CN",
    whisper: ({ channel, callerKind, item, merchant, courier }) => {
      const noun = channel === "call" ? "来电" : "短信";
      if (callerKind === "merchant") return `${merchant}${noun}：您购买的${item}`;
      if (callerKind === "courier") return `${courier ?? ""}快递员${noun}：您在${merchant}购买的${item}`;
      return `${noun}：您在${merchant}购买的${item}`;
    },
    say: {
      ended: "您拨打的号码已停止使用。",
      expired: "您拨打的号码已停止使用。",
      unknown: "您拨打的号码不存在。",
      cooling: "您拨打的号码不存在。",
      blocked: "您拨打的用户暂时无法接通。",
      locked: "您拨打的用户暂时无法接通。",
      unavailable: "服务暂时不可用，请稍后再拨。",
      no_input: "未输入分机号，再见。",
    },
    enterExtension: "请输入四位分机号。",
    startWithExtension: "请在短信开头输入四位分机号，如“0421 内容”。",
  },
};

const ITEM_CHARS = 32;

/**
 * The item as said aloud: its name before any parenthesis or comma, at most ITEM_CHARS long, cut at a
 * word. Long digit runs go: an item name is the merchant's text and could hold a phone number.
 */
export function spokenItem(item: string): string {
  const head = item
    .split(/\s*[(（,，;；]/)[0]
    .replace(/\d{7,}/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (head.length <= ITEM_CHARS) return head;
  const cut = head.slice(0, ITEM_CHARS);
  const space = cut.lastIndexOf(" ");
  // No trim needed: the head is trimmed, with its runs of white space each one space.
  return space > ITEM_CHARS / 2 ? cut.slice(0, space) : cut;
}

/** What the buyer hears before the call connects, or reads atop a forwarded message, in every locale. */
export function whisperFor(about: About): Localised {
  const item = spokenItem(about.item);
  return Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      PROMPTS[locale].whisper({
        channel: about.channel,
        callerKind: about.callerKind,
        item,
        merchant: localName(about.merchant, locale),
        courier: about.courier ? localName(about.courier, locale) : null,
      }),
    ]),
  ) as Localised;
}

/** Every locale's text of one prompt, in catalogue order, each with the voice to say it in. */
export function spoken(pick: (catalogue: Catalogue) => string): { voice: string; text: string }[] {
  return LOCALES.map((locale) => ({ voice: PROMPTS[locale].voice, text: pick(PROMPTS[locale]) }));
}
