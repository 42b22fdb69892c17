import { z } from "zod";
import { FIELD_LIMITS } from "@/lib/limits";
import { normalizeCnMobile } from "@/lib/phone";
import { isCommonPassword } from "@/lib/security/common-passwords";

// Messages are keys of the `validation` catalogue; actions translate them (lib/action-state.ts).

const CONTROL_CHARS = /\p{Cc}/u;

/** No C0/C1 control character (NUL, CR, LF, ESC…): PostgreSQL refuses NUL, and none belongs in a one-line field. */
export function hasNoControlChars(value: string): boolean {
  return !CONTROL_CHARS.test(value);
}

/** A one-line text field: a string, control characters refused with `message`, then trimmed. */
export function lineText(message: string) {
  return z.string({ error: message }).refine(hasNoControlChars, "controlCharacters").trim();
}

/**
 * A whole number written in decimal digits, within `[min, max]` (by default what an `integer`
 * column holds). Empty, blank, `0x10`, `1e1`, `12.5` and `+3` are refused, where z.coerce would
 * read 0, 16, 10.
 */
export function decimalInt(message: string, { min = 0, max = 2_147_483_647 }: { min?: number; max?: number } = {}) {
  return z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,16}$/, message)
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(max, message));
}

export const mobileSchema = lineText("mobileRequired")
  .min(1, "mobileRequired")
  .transform((value, ctx) => {
    const national = normalizeCnMobile(value);
    if (!national) {
      ctx.addIssue({ code: "custom", message: "mobileInvalid" });
      return z.NEVER;
    }
    return national;
  });

export const passwordSchema = z
  .string({ error: "passwordRequired" })
  .min(8, "passwordTooShort")
  .max(FIELD_LIMITS.password, "passwordTooLong")
  .refine((password) => !isCommonPassword(password), "passwordCommon");

export const signUpSchema = z.object({
  name: lineText("nameRequired").min(1, "nameRequired").max(FIELD_LIMITS.name, "nameTooLong"),
  email: lineText("emailInvalid").toLowerCase().max(FIELD_LIMITS.email, "emailInvalid").pipe(z.email("emailInvalid")),
  phone: mobileSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  identifier: lineText("identifierRequired").min(1, "identifierRequired").max(254, "identifierRequired"),
  password: z
    .string({ error: "passwordRequired" })
    .min(1, "passwordRequired")
    .max(FIELD_LIMITS.password, "passwordTooLong"),
});
