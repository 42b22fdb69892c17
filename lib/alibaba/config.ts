/**
 * The telephony provider: `relay` (the default) serves providers that ask us where each call goes
 * (Twilio, the signed JSON form); `alibaba` binds lines ahead of time at Alibaba Cloud's Phone Number
 * Protection (Dyplsapi 2017-05-25, AXN extension), which then routes calls by itself.
 */
export type TelephonyProvider = "relay" | "alibaba";

export function telephonyProvider(): TelephonyProvider {
  const value = (process.env.TELEPHONY_PROVIDER || "relay").trim();
  if (value === "relay" || value === "alibaba") return value;
  throw new Error(`TELEPHONY_PROVIDER must be "relay" or "alibaba", not "${value.slice(0, 20)}"`);
}

export function isAlibaba(): boolean {
  return telephonyProvider() === "alibaba";
}

export type AlibabaConfig = {
  accessKeyId: string;
  accessKeySecret: string;
  poolKey: string;
  endpoint: string;
  /** Per request, in ms: a slower answer is a retryable failure. */
  timeoutMs: number;
};

export const DEFAULT_ALIBABA_ENDPOINT = "https://dyplsapi.aliyuncs.com";

/** Throws naming what is missing: a misconfigured provider fails the command, never guesses. */
export function alibabaConfig(): AlibabaConfig {
  const accessKeyId = process.env.ALIBABA_CLOUD_ACCESS_KEY_ID || "";
  const accessKeySecret = process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET || "";
  const poolKey = process.env.ALIBABA_PLS_POOL_KEY || "";
  const missing = [
    !accessKeyId && "ALIBABA_CLOUD_ACCESS_KEY_ID",
    !accessKeySecret && "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    !poolKey && "ALIBABA_PLS_POOL_KEY",
  ].filter(Boolean);
  if (missing.length > 0) throw new Error(`TELEPHONY_PROVIDER=alibaba needs ${missing.join(", ")}`);
  const endpoint = (process.env.ALIBABA_PLS_ENDPOINT || DEFAULT_ALIBABA_ENDPOINT).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+$/.test(endpoint)) {
    throw new Error("ALIBABA_PLS_ENDPOINT must be a URL with no path, e.g. https://dyplsapi.aliyuncs.com");
  }
  const timeoutMs = Number(process.env.ALIBABA_PLS_TIMEOUT_MS || 5000);
  return { accessKeyId, accessKeySecret, poolKey, endpoint, timeoutMs: timeoutMs > 0 ? timeoutMs : 5000 };
}

/** The secret path segment of the SecretReport push URL (the push itself is not signed). */
export function reportToken(): string | null {
  const token = process.env.ALIBABA_REPORT_TOKEN || "";
  return token.length >= 16 ? token : null;
}

/** Sources allowed to push SecretReport: IPv4 addresses or CIDRs, comma-separated; unset allows any source. */
export function reportAllowList(): string[] {
  return (process.env.ALIBABA_REPORT_ALLOW || "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}
