import RPCClient from "@alicloud/pop-core";
import { type AlibabaConfig, alibabaConfig } from "./config";

/**
 * Dyplsapi (Phone Number Protection, API version 2017-05-25) through the official RPC client, which
 * signs every request (HMAC-SHA1 over the sorted, percent-encoded parameters). Requests are POSTed so
 * that no parameter (the real number in `PhoneNoA` above all) is ever part of a URL, and every failure
 * comes out as an `AlibabaError` that carries a code and nothing of the request.
 */

export const DYPLS_API_VERSION = "2017-05-25";

/** Throttling and system-busy codes: the command is sent again later. */
const RETRYABLE_CODES = new Set([
  "isv.BUSINESS_LIMIT_CONTROL",
  "isv.FLOW_LIMIT",
  "Throttling",
  "Throttling.User",
  "Throttling.Api",
  "ServiceUnavailable",
  "isp.SYSTEM_ERROR",
  "isp.DAO_EXCEPTION",
  "isp.GATEWAY_ERROR",
  "isp.UNKNOWN_ERR_CODE",
  "isp.VENDOR_UNAVAILABLE",
  "InternalError",
]);

export class AlibabaError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, retryable: boolean) {
    super(`Alibaba Dyplsapi: ${code}`);
    this.name = "AlibabaError";
    this.code = code;
    this.retryable = retryable;
  }
}

/**
 * What is safe to keep of anything pop-core threw: its `code` (an API error code, or a Node network
 * code), never its message, URL or `data`, which may echo request parameters.
 */
export function toAlibabaError(error: unknown): AlibabaError {
  if (error instanceof AlibabaError) return error;
  const e = error as { code?: unknown; name?: unknown; data?: { Code?: unknown } } | null;
  const apiCode = typeof e?.data?.Code === "string" ? e.data.Code : null;
  if (apiCode) return new AlibabaError(apiCode.slice(0, 64), RETRYABLE_CODES.has(apiCode));
  const code = typeof e?.code === "string" ? e.code : typeof e?.name === "string" ? e.name : "unknown";
  // No API code: a network failure, a timeout, or a body that is not JSON (a 5xx page). All transient.
  return new AlibabaError(`network:${code.replace(/[^\w.:-]/g, "").slice(0, 48)}`, true);
}

export type BindInput = { phoneNoA: string; phoneNoX: string; extension: string; expiration: Date; outId: string };
export type Bound = { subsId: string; secretNo: string; extension: string };
export type SubscriptionDetail = {
  subsId: string;
  phoneNoX: string;
  phoneNoA: string;
  extension: string;
  /** 1 live, 0 not. */
  status: number;
  expireDate: string;
};

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, the form Dyplsapi takes and gives. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

export function fromBeijingTime(text: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text.trim());
  if (!match) return null;
  const at = new Date(`${match[1]}T${match[2]}+08:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

type Answer = { Code?: string; Message?: string; [key: string]: unknown };

export class DyplsClient {
  private readonly rpc: RPCClient;
  private readonly config: AlibabaConfig;

  constructor(config: AlibabaConfig = alibabaConfig()) {
    this.config = config;
    this.rpc = new RPCClient({
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      endpoint: config.endpoint,
      apiVersion: DYPLS_API_VERSION,
    });
  }

  private async call(action: string, params: Record<string, string>): Promise<Answer> {
    try {
      return await this.rpc.request<Answer>(
        action,
        { PoolKey: this.config.poolKey, ...params },
        { method: "POST", timeout: this.config.timeoutMs, formatParams: false },
      );
    } catch (error) {
      throw toAlibabaError(error);
    }
  }

  async bindAxnExtension(input: BindInput): Promise<Bound> {
    const answer = await this.call("BindAxnExtension", {
      PhoneNoA: input.phoneNoA,
      PhoneNoX: input.phoneNoX,
      Extension: input.extension,
      Expiration: beijingTime(input.expiration),
      OutId: input.outId,
    });
    const dto = answer.SecretBindDTO as { SubsId?: unknown; SecretNo?: unknown; Extension?: unknown } | undefined;
    if (!dto || dto.SubsId == null) throw new AlibabaError("bad_answer", true);
    return {
      subsId: String(dto.SubsId),
      secretNo: String(dto.SecretNo ?? input.phoneNoX),
      extension: String(dto.Extension ?? input.extension),
    };
  }

  async updateExpiration(input: { subsId: string; phoneNoX: string; expiration: Date }): Promise<void> {
    await this.call("UpdateSubscription", {
      SubsId: input.subsId,
      PhoneNoX: input.phoneNoX,
      OperateType: "updateExpire",
      Expiration: beijingTime(input.expiration),
    });
  }

  /** Idempotent: a subscription that no longer exists counts as unbound. */
  async unbind(input: { subsId: string; secretNo: string }): Promise<void> {
    try {
      await this.call("UnbindSubscription", { SubsId: input.subsId, SecretNo: input.secretNo });
    } catch (error) {
      if (error instanceof AlibabaError && error.code === "isv.SUBS_NOT_EXIST") return;
      throw error;
    }
  }

  /** The subscription ids on one X number (an AXN extension host carries several). */
  async querySubsIds(phoneNoX: string): Promise<string[]> {
    const answer = await this.call("QuerySubsId", { PhoneNoX: phoneNoX });
    return String(answer.SubsId ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean);
  }

  async querySubscriptionDetail(input: { subsId: string; phoneNoX: string }): Promise<SubscriptionDetail | null> {
    try {
      const answer = await this.call("QuerySubscriptionDetail", { SubsId: input.subsId, PhoneNoX: input.phoneNoX });
      const dto = answer.SecretBindDetailDTO as Record<string, unknown> | undefined;
      if (!dto) return null;
      return {
        subsId: String(dto.SubsId ?? input.subsId),
        phoneNoX: String(dto.PhoneNoX ?? input.phoneNoX),
        phoneNoA: String(dto.PhoneNoA ?? ""),
        extension: String(dto.Extension ?? ""),
        status: Number(dto.Status ?? 0),
        expireDate: String(dto.ExpireDate ?? ""),
      };
    } catch (error) {
      if (error instanceof AlibabaError && error.code === "isv.SUBS_NOT_EXIST") return null;
      throw error;
    }
  }
}

let shared: { key: string; client: DyplsClient } | null = null;

/** One client per configuration (it keeps a keep-alive agent); a changed environment (tests) makes a new one. */
export function dyplsClient(): DyplsClient {
  const config = alibabaConfig();
  const key = JSON.stringify(config);
  if (!shared || shared.key !== key) shared = { key, client: new DyplsClient(config) };
  return shared.client;
}
