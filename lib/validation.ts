import { z } from "zod";
import { FIELD_LIMITS } from "@/lib/limits";
import { normalizeCnMobile } from "@/lib/phone";
import { isCommonPassword } from "@/lib/security/common-passwords";

// Messages are keys of the `validation` catalogue; actions translate them (lib/action-state.ts).

export const mobileSchema = z
  .string({ error: "mobileRequired" })
  .trim()
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
  name: z.string({ error: "nameRequired" }).trim().min(1, "nameRequired").max(FIELD_LIMITS.name, "nameTooLong"),
  email: z
    .string({ error: "emailInvalid" })
    .trim()
    .toLowerCase()
    .max(FIELD_LIMITS.email, "emailInvalid")
    .pipe(z.email("emailInvalid")),
  phone: mobileSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  identifier: z
    .string({ error: "identifierRequired" })
    .trim()
    .min(1, "identifierRequired")
    .max(254, "identifierRequired"),
  password: z
    .string({ error: "passwordRequired" })
    .min(1, "passwordRequired")
    .max(FIELD_LIMITS.password, "passwordTooLong"),
});
