import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";
import { dataDir, isEmbedded } from "@/lib/env";

export type Vapid = { publicKey: string; privateKey: string; subject: string };

const g = globalThis as unknown as { __onpVapid?: Vapid };

const HOW_TO = "a key pair from `npx web-push generate-vapid-keys` (VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY)";

/**
 * The VAPID key pair that signs reminders to push services, by the rule of the other secrets
 * (lib/env.ts): from the environment; with the embedded database, generated once into
 * DATA_DIR/vapid.json when missing; with DATABASE_URL set, required. VAPID_SUBJECT is the contact a
 * push service may write to (a mailto: or https: URL).
 */
export function vapid(): Vapid {
  if (g.__onpVapid) return g.__onpVapid;
  const subject = process.env.VAPID_SUBJECT || "mailto:reminders@localhost";
  let publicKey = process.env.VAPID_PUBLIC_KEY;
  let privateKey = process.env.VAPID_PRIVATE_KEY;
  if ((!publicKey || !privateKey) && !isEmbedded()) {
    throw new Error(
      `Missing required environment variable ${[!publicKey && "VAPID_PUBLIC_KEY", !privateKey && "VAPID_PRIVATE_KEY"].filter(Boolean).join(", ")}: DATABASE_URL is set, so VAPID keys are not generated. Set ${HOW_TO}.`,
    );
  }
  if (!publicKey || !privateKey) {
    const file = path.join(dataDir(), "vapid.json");
    let stored = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<Vapid>) : {};
    if (!stored.publicKey || !stored.privateKey) {
      stored = webpush.generateVAPIDKeys();
      mkdirSync(dataDir(), { recursive: true });
      writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
      console.info(`[config] generated VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY into ${file} (embedded demo database)`);
    }
    publicKey = stored.publicKey as string;
    privateKey = stored.privateKey as string;
  }
  if (Buffer.from(publicKey, "base64url").length !== 65 || Buffer.from(privateKey, "base64url").length !== 32) {
    throw new Error(`VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be ${HOW_TO}`);
  }
  if (!/^(mailto:|https:)/.test(subject)) throw new Error("VAPID_SUBJECT must be a mailto: or https: URL");
  g.__onpVapid = { publicKey, privateKey, subject };
  return g.__onpVapid;
}

/** A fresh key pair as the environment variables, for test servers started with DATABASE_URL. */
export function vapidEnv(): { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string } {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey };
}
