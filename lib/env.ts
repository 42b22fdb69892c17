import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where the embedded database and generated secrets live. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR || ".data");
}

export function databaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

export function isEmbedded(): boolean {
  return !databaseUrl();
}

/** Demo mode: the embedded database, or DEMO_MODE=1. Tester controls and the demo hint exist only here. */
export function isDemoMode(): boolean {
  return isEmbedded() || process.env.DEMO_MODE === "1";
}

/** The job worker runs inside each app process unless WORKER_IN_APP=off (then run `npm run worker`). */
export function workerInApp(): boolean {
  return process.env.WORKER_IN_APP !== "off";
}

const SECRET_NAMES = ["AUTH_SECRET", "PHONE_ENCRYPTION_KEY", "PHONE_HASH_KEY"] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
type Secrets = Record<SecretName, string>;

const g = globalThis as unknown as { __onpSecrets?: Secrets };

function generate(): string {
  return randomBytes(32).toString("base64");
}

/**
 * Secrets come from the environment. With the embedded database, any that are missing
 * are generated once into DATA_DIR/secrets.json; with DATABASE_URL set they are required.
 */
export function secrets(): Secrets {
  if (g.__onpSecrets) return g.__onpSecrets;
  const fromEnv: Partial<Secrets> = {};
  for (const name of SECRET_NAMES) {
    const value = process.env[name];
    if (value) fromEnv[name] = value;
  }
  const missing = SECRET_NAMES.filter((name) => !fromEnv[name]);
  if (missing.length > 0 && !isEmbedded()) {
    throw new Error(
      `Missing required environment variable ${missing.join(", ")}: DATABASE_URL is set, so secrets are not generated. Set ${missing[0]} to 32 random bytes in base64 (openssl rand -base64 32).`,
    );
  }
  let stored: Partial<Secrets> = {};
  if (missing.length > 0) {
    const dir = dataDir();
    const file = path.join(dir, "secrets.json");
    if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Secrets>;
    const toCreate = missing.filter((name) => !stored[name]);
    if (toCreate.length > 0) {
      for (const name of toCreate) stored[name] = generate();
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
      console.info(`[config] generated ${toCreate.join(", ")} into ${file} (embedded demo database)`);
    }
  }
  const all = { ...stored, ...fromEnv } as Secrets;
  for (const name of SECRET_NAMES) {
    const key = all[name];
    if (name !== "AUTH_SECRET" && Buffer.from(key, "base64").length !== 32) {
      throw new Error(`${name} must be 32 bytes in base64 (openssl rand -base64 32)`);
    }
  }
  g.__onpSecrets = all;
  return all;
}
