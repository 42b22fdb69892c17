"use server";

import { AuthError } from "next-auth";
import { createAccount } from "@/lib/accounts";
import { type ActionState, toFieldErrors } from "@/lib/action-state";
import { signIn, signOut } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { signInSchema, signUpSchema } from "@/lib/validation";

/** Only same-site paths: never an open redirect. */
function safeNext(raw: FormDataEntryValue | null, fallback: string): string {
  const value = typeof raw === "string" ? raw : "";
  return value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : fallback;
}

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = signInSchema.safeParse({
    identifier: formData.get("identifier"),
    password: formData.get("password"),
  });
  const values = { identifier: String(formData.get("identifier") ?? "") };
  if (!parsed.success) {
    return {
      status: "error",
      message: "Check the highlighted fields.",
      fieldErrors: toFieldErrors(parsed.error.issues),
      values,
    };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeNext(formData.get("next"), "/orders") });
  } catch (error) {
    if (error instanceof AuthError) {
      return {
        status: "error",
        message: "That email or mobile number and password do not match an account.",
        values,
      };
    }
    throw error;
  }
  return { status: "success" };
}

export async function signUpAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = signUpSchema.safeParse({
    name: formData.get("name"),
    email: formData.get("email"),
    phone: formData.get("phone"),
    password: formData.get("password"),
  });
  const values = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
    phone: String(formData.get("phone") ?? ""),
  };
  if (!parsed.success) {
    return {
      status: "error",
      message: "Check the highlighted fields.",
      fieldErrors: toFieldErrors(parsed.error.issues),
      values,
    };
  }
  const created = await createAccount(await getDb(), parsed.data);
  if (!created.ok) {
    return { status: "error", message: created.message, fieldErrors: { [created.field]: [created.message] }, values };
  }
  await signIn("credentials", {
    identifier: parsed.data.email,
    password: parsed.data.password,
    redirectTo: "/privacy",
  });
  return { status: "success" };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
