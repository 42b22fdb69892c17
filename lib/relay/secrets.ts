import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, isEmbedded } from "@/lib/env";

const RELAY_SECRET_NAMES = ["RELAY_SIGNING_SECRET", "TWILIO_AUTH_TOKEN"] as const;
export type RelaySecretName = (typeof RELAY_SECRET_NAMES)[number];
export type RelaySecrets = Record<RelaySecretName, string>;

const g = globalThis as unknown as { __onpRelaySecrets?: RelaySecrets };

const GENERATE: Record<RelaySecretName, () => string> = {
  RELAY_SIGNING_SECRET: () => `whsec_${randomBytes(32).toString("base64")}`,
  TWILIO_AUTH_TOKEN: () => randomBytes(16).toString("hex"),
};

const HOW_TO: Record<RelaySecretName, string> = {
  RELAY_SIGNING_SECRET: 'whsec_ followed by 32 random bytes in base64 (echo "whsec_$(openssl rand -base64 32)")',
  TWILIO_AUTH_TOKEN: "the auth token of your Twilio account",
};

function check(name: RelaySecretName, value: string): void {
  if (name === "RELAY_SIGNING_SECRET") {
    const key = value.slice("whsec_".length);
    if (!value.startsWith("whsec_") || !/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, "base64").length < 24) {
      throw new Error(`RELAY_SIGNING_SECRET must be ${HOW_TO.RELAY_SIGNING_SECRET}`);
    }
  } else if (value.length < 16) {
    throw new Error(`TWILIO_AUTH_TOKEN looks too short: it must be ${HOW_TO.TWILIO_AUTH_TOKEN}`);
  }
}

/**
 * The relay's signing secrets, by the same rule as `secrets()` in lib/env.ts: from the environment;
 * with the embedded database, any that are missing are generated once into DATA_DIR/relay-secrets.json;
 * with DATABASE_URL set they are required.
 */
export function relaySecrets(): RelaySecrets {
  if (g.__onpRelaySecrets) return g.__onpRelaySecrets;
  const fromEnv: Partial<RelaySecrets> = {};
  for (const name of RELAY_SECRET_NAMES) {
    const value = process.env[name];
    if (value) fromEnv[name] = value;
  }
  const missing = RELAY_SECRET_NAMES.filter((name) => !fromEnv[name]);
  if (missing.length > 0 && !isEmbedded()) {
    throw new Error(
      `Missing required environment variable ${missing.join(", ")}: DATABASE_URL is set, so relay secrets are not generated. Set ${missing[0]} to ${HOW_TO[missing[0]]}.`,
    );
  }
  let stored: Partial<RelaySecrets> = {};
  if (missing.length > 0) {
    const dir = dataDir();
    const file = path.join(dir, "relay-secrets.json");
    if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<RelaySecrets>;
    const toCreate = missing.filter((name) => !stored[name]);
    if (toCreate.length > 0) {
      for (const name of toCreate) stored[name] = GENERATE[name]();
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
      console.info(`[config] generated ${toCreate.join(", ")} into ${file} (embedded demo database)`);
    }
  }
  const all = { ...stored, ...fromEnv } as RelaySecrets;
  for (const name of RELAY_SECRET_NAMES) check(name, all[name]);
  g.__onpRelaySecrets = all;
  return all;
}
