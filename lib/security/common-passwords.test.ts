import { describe, expect, it } from "vitest";
import { passwordSchema, signUpSchema } from "@/lib/validation";
import { isCommonPassword } from "./common-passwords";

describe("common passwords", () => {
  it.each(["password", "password1", "Password1", "PASSWORD1", "12345678", "iloveyou", "qwertyuiop", "1qaz2wsx"])(
    "refuses %s",
    (password) => {
      expect(isCommonPassword(password)).toBe(true);
      const result = passwordSchema.safeParse(password);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toEqual(["passwordCommon"]);
    },
  );

  it.each(["protect-my-number", "a long enough password", "correct horse battery staple", "柜台取件码0421"])(
    "accepts %s",
    (password) => {
      expect(isCommonPassword(password)).toBe(false);
      expect(passwordSchema.safeParse(password).success).toBe(true);
    },
  );

  it("allows up to 128 characters, not 129, and at least 8", () => {
    const long = "a mobile number is a stronger identifier than a name ".repeat(3);
    expect(passwordSchema.safeParse(long.slice(0, 128)).success).toBe(true);
    expect(passwordSchema.safeParse(long.slice(0, 129)).error?.issues[0].message).toBe("passwordTooLong");
    expect(passwordSchema.safeParse("short").error?.issues[0].message).toBe("passwordTooShort");
  });

  it("is part of sign-up", () => {
    const result = signUpSchema.safeParse({
      name: "Li Lei",
      email: "li@example.com",
      phone: "13812345678",
      password: "qwerty123",
    });
    expect(result.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["password", "passwordCommon"]]);
  });
});
