import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/lib/db";
import { bucketsFor, clientIp, consumeAttempt, minutesUntil, peekAttempt, signInBuckets } from "./rate-limit";

/** For the sign-in form: minutes until this account (or this address) may try again, or null. */
export async function signInWaitMinutes(identifier: string): Promise<number | null> {
  const db = await getDb();
  const buckets = await signInBuckets(db, { identifier, ip: clientIp(await headers()) });
  const gate = await peekAttempt(db, { buckets, now: new Date() });
  return gate.ok ? null : minutesUntil(gate);
}

/** Counts one sign-up attempt per email, per mobile and per address: minutes to wait when over, or null. */
export async function signUpWaitMinutes({ email, phone }: { email: string; phone: string }): Promise<number | null> {
  const buckets = bucketsFor("sign-up", { identifiers: [email, phone], ip: clientIp(await headers()) });
  const gate = await consumeAttempt(await getDb(), { buckets, now: new Date() });
  return gate.ok ? null : minutesUntil(gate);
}

/** Counts one password-reset request per email and per address: minutes to wait when over, or null. */
export async function resetWaitMinutes(email: string): Promise<number | null> {
  const buckets = bucketsFor("reset", { identifiers: [email], ip: clientIp(await headers()) });
  const gate = await consumeAttempt(await getDb(), { buckets, now: new Date() });
  return gate.ok ? null : minutesUntil(gate);
}
