import { z } from "zod";
import { normalizeCnMobile } from "@/lib/phone";

export const mobileSchema = z
  .string({ error: "Enter your mobile number." })
  .trim()
  .min(1, "Enter your mobile number.")
  .transform((value, ctx) => {
    const national = normalizeCnMobile(value);
    if (!national) {
      ctx.addIssue({
        code: "custom",
        message: "Enter a mainland China mobile number: 11 digits starting with 13–19, e.g. 138 1234 5678.",
      });
      return z.NEVER;
    }
    return national;
  });

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(8, "Use at least 8 characters for your password.")
  .max(128, "Use at most 128 characters for your password.");

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(80, "Use at most 80 characters for your name."),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")).pipe(z.string().max(254)),
  phone: mobileSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  identifier: z.string().trim().min(1, "Enter your email or mobile number.").max(254),
  password: z.string().min(1, "Enter your password.").max(128, "Use at most 128 characters for your password."),
});
