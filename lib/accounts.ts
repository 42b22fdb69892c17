import "server-only";
import { randomUUID } from "node:crypto";
import argon2 from "argon2";
import { and, eq, isNull, or } from "drizzle-orm";
import { encryptPhone, phoneHash } from "@/lib/crypto/phone";
import type { Executor } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { maskPhone, normalizeCnMobile } from "@/lib/phone";
import type { SignUpInput } from "@/lib/validation";

export type AccountDto = { id: string; name: string; email: string; role: "buyer" | "operator" };

export type CreateAccountResult = { ok: true; account: AccountDto } | { ok: false; field: "email" | "phone" };

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** Creates a buyer; duplicates are caught by the unique indexes, so two racing sign-ups cannot both win. */
export async function createAccount(
  db: Executor,
  input: SignUpInput & { role?: "buyer" | "operator"; now?: Date },
): Promise<CreateAccountResult> {
  const id = randomUUID();
  const hash = phoneHash(input.phone);
  const existing = await db
    .select({ email: users.email, phoneHash: users.phoneHash })
    .from(users)
    .where(eq(users.email, input.email))
    .union(db.select({ email: users.email, phoneHash: users.phoneHash }).from(users).where(eq(users.phoneHash, hash)));
  if (existing.some((row) => row.email === input.email)) return { ok: false, field: "email" };
  if (existing.length > 0) return { ok: false, field: "phone" };
  try {
    await db.insert(users).values({
      id,
      name: input.name,
      email: input.email,
      phoneCiphertext: encryptPhone(input.phone, id),
      phoneHash: hash,
      phoneMasked: maskPhone(input.phone),
      passwordHash: await hashPassword(input.password),
      role: input.role ?? "buyer",
      createdAt: input.now ?? new Date(),
    });
  } catch (error) {
    const text = String((error as { cause?: unknown }).cause ?? error);
    if (text.includes("users_email_key")) return { ok: false, field: "email" };
    if (text.includes("users_phone_hash_key")) return { ok: false, field: "phone" };
    throw error;
  }
  return { ok: true, account: { id, name: input.name, email: input.email, role: input.role ?? "buyer" } };
}

/** The accounts that already hold this email or this mobile, and which of the two each holds. */
export async function accountsMatching(
  db: Executor,
  { email, phone }: { email: string; phone: string },
): Promise<{ email: string; matched: "email" | "phone" }[]> {
  const rows = await db
    .select({ email: users.email, phoneHash: users.phoneHash })
    .from(users)
    .where(and(or(eq(users.email, email), eq(users.phoneHash, phoneHash(phone))), isNull(users.deletedAt)));
  return rows.map((row) => ({ email: row.email, matched: row.email === email ? "email" : "phone" }));
}

let dummyHash: Promise<string> | undefined;

/** Email or mobile plus password. A missing account still costs one argon2 verify, so timing tells nothing. */
export async function verifyCredentials(
  db: Executor,
  { identifier, password }: { identifier: string; password: string },
): Promise<AccountDto | null> {
  const trimmed = identifier.trim();
  const national = trimmed.includes("@") ? null : normalizeCnMobile(trimmed);
  const where = national ? eq(users.phoneHash, phoneHash(national)) : eq(users.email, trimmed.toLowerCase());
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, passwordHash: users.passwordHash })
    .from(users)
    .where(where)
    .limit(1);
  if (!row) {
    dummyHash ??= hashPassword("not-a-real-password-0000");
    await argon2.verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const ok = await argon2.verify(row.passwordHash, password).catch(() => false);
  if (!ok) return null;
  return { id: row.id, name: row.name, email: row.email, role: row.role === "operator" ? "operator" : "buyer" };
}
