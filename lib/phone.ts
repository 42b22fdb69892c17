import { parsePhoneNumberFromString } from "libphonenumber-js/max";

const CN_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Normalises a mainland-China mobile number written with or without +86/0086, spaces, dashes
 * or brackets to its 11 digits, or returns null when it is not one.
 */
export function normalizeCnMobile(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s\-()]{11,24}$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, "CN");
  if (parsed?.countryCallingCode !== "86") return null;
  const national = parsed.nationalNumber;
  return CN_MOBILE.test(national) ? national : null;
}

/** `13812345678` → `138****5678`. */
export function maskPhone(national: string): string {
  if (national.length < 7) return "****";
  return `${national.slice(0, 3)}****${national.slice(-4)}`;
}

/** Masks any phone-like number for logs of callers: keeps the last four only. */
export function maskCaller(number: string): string {
  const digits = number.replace(/\D/g, "");
  if (digits.length <= 4) return "****";
  return `${"*".repeat(Math.min(7, digits.length - 4))}${digits.slice(-4)}`;
}

export function toE164Cn(national: string): string {
  return `+86${national}`;
}

/**
 * Any caller's number in E.164 (mainland China when it carries no country code), so that
 * `+86 10 8888 7777`, `010 8888 7777` and `01088887777` are one caller; null when it is not a number.
 */
export function callerE164(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s\-().]{3,32}$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, "CN");
  return parsed?.isPossible() ? parsed.number : null;
}
