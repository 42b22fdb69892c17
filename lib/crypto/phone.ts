import "server-only";
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { secrets } from "@/lib/env";

const VERSION = "v1";

function key(name: "PHONE_ENCRYPTION_KEY" | "PHONE_HASH_KEY"): Buffer {
  return Buffer.from(secrets()[name], "base64");
}

/** AES-256-GCM, bound to its row: a ciphertext copied onto another row does not decrypt. */
export function encryptPhone(national: string, rowId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key("PHONE_ENCRYPTION_KEY"), iv);
  cipher.setAAD(Buffer.from(rowId, "utf8"));
  const body = Buffer.concat([cipher.update(national, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), body.toString("base64")].join(".");
}

export function decryptPhone(ciphertext: string, rowId: string): string {
  const [version, iv, tag, body] = ciphertext.split(".");
  if (version !== VERSION || !iv || !tag || !body) throw new Error("unrecognised phone ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", key("PHONE_ENCRYPTION_KEY"), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(rowId, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}

export function phoneHash(national: string): string {
  return createHmac("sha256", key("PHONE_HASH_KEY")).update(national, "utf8").digest("hex");
}
