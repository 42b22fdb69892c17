import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for Alibaba Cloud's Dyplsapi (2017-05-25), for tests and the bench. It checks
 * every request's RPC signature by its own implementation of the documented algorithm (not by calling
 * pop-core), keeps bindings, answers the actions the app uses with their documented shapes and error
 * codes, and can be told to fail.
 *
 * It is deliberately permissive where the real service may not be: two live bindings on one X number
 * and extension are allowed, so a test of "a retried bind never leaves two bindings" judges the app,
 * not the fake.
 */

export type FakeBinding = {
  subsId: string;
  poolKey: string;
  phoneNoA: string;
  phoneNoX: string;
  extension: string;
  outId: string;
  expiration: Date;
  unboundAt: Date | null;
  createdAt: Date;
};

export type FakeFailure =
  /** No answer until the client gives up; nothing is done. */
  | "timeout"
  /** The action is done, then the answer never comes: the client sees a timeout. */
  | "lost_answer"
  | "5xx"
  | "throttle"
  | "system_error";

export type FakeEvent = { action: string; at: number; code: string; subsId?: string; outId?: string };

/** RFC 3986 unreserved characters stay, every other UTF-8 byte is %XX (upper case): the documented rule. */
export function percentEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The documented signature: Base64(HMAC-SHA1(secret + "&", METHOD&%2F&percentEncode(canonical query))). */
export function rpcSignature(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((key) => key !== "Signature")
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key])}`)
    .join("&");
  const toSign = `${method}&${percentEncode("/")}&${percentEncode(canonical)}`;
  return createHmac("sha1", `${secret}&`).update(toSign, "utf8").digest("base64");
}

function beijing(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

function parseBeijing(text: string | undefined): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text ?? "");
  return match ? new Date(`${match[1]}T${match[2]}+08:00`) : null;
}

export class FakeDypls {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly poolKey: string;
  readonly bindings = new Map<string, FakeBinding>();
  readonly events: FakeEvent[] = [];
  /** Requests refused for their signature, key or pool. */
  rejected = 0;
  private failures: FakeFailure[] = [];
  private outage: FakeFailure | null = null;
  private nonces = new Set<string>();
  private server: Server | null = null;
  private hanging = new Set<ServerResponse>();
  private nextSubs = 1_000_000_000 + randomInt(1_000_000);
  url = "";

  constructor({
    accessKeyId = "LTAIfake",
    accessKeySecret = "fake-secret-0123456789",
    poolKey = "FC100000000001",
  } = {}) {
    this.accessKeyId = accessKeyId;
    this.accessKeySecret = accessKeySecret;
    this.poolKey = poolKey;
  }

  /** The environment the app needs to talk to this fake. */
  env(): Record<string, string> {
    return {
      TELEPHONY_PROVIDER: "alibaba",
      ALIBABA_CLOUD_ACCESS_KEY_ID: this.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: this.accessKeySecret,
      ALIBABA_PLS_POOL_KEY: this.poolKey,
      ALIBABA_PLS_ENDPOINT: this.url,
    };
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** The next `count` requests fail this way, then it answers again. */
  failNext(failure: FakeFailure, count = 1): void {
    for (let i = 0; i < count; i += 1) this.failures.push(failure);
  }

  /** Every request fails this way until `up()`. */
  down(failure: FakeFailure = "5xx"): void {
    this.outage = failure;
  }

  up(): void {
    this.outage = null;
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  /** Bindings live at `at` (not unbound, not expired). */
  live(at = new Date()): FakeBinding[] {
    return [...this.bindings.values()].filter((b) => !b.unboundAt && b.expiration.getTime() > at.getTime());
  }

  liveByOutId(outId: string, at = new Date()): FakeBinding[] {
    return this.live(at).filter((b) => b.outId === outId);
  }

  /** Plants a binding made behind the app's back (drift), returning its SubsId. */
  plant(binding: Omit<FakeBinding, "subsId" | "poolKey" | "unboundAt" | "createdAt">): string {
    const subsId = String(this.nextSubs++);
    this.bindings.set(subsId, { ...binding, subsId, poolKey: this.poolKey, unboundAt: null, createdAt: new Date() });
    return subsId;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const method = (req.method ?? "GET").toUpperCase();
    const source = method === "POST" ? new URLSearchParams(Buffer.concat(chunks).toString("utf8")) : url.searchParams;
    const params: Record<string, string> = {};
    for (const [key, value] of source) params[key] = value;
    const action = params.Action ?? "";

    const failure = this.failures.shift() ?? this.outage;
    if (failure === "timeout") {
      this.hanging.add(res);
      this.events.push({ action, at: Date.now(), code: "timeout" });
      return;
    }
    if (failure === "5xx") {
      this.events.push({ action, at: Date.now(), code: "503" });
      res
        .writeHead(503, { "content-type": "text/html" })
        .end("<html><body>503 Service Temporarily Unavailable</body></html>");
      return;
    }
    if (failure === "throttle" || failure === "system_error") {
      const code = failure === "throttle" ? "isv.BUSINESS_LIMIT_CONTROL" : "isp.SYSTEM_ERROR";
      this.events.push({ action, at: Date.now(), code });
      this.json(res, failure === "throttle" ? 400 : 500, { Code: code, Message: code });
      return;
    }

    const auth = this.authenticate(method, params);
    if (auth) {
      this.rejected += 1;
      this.events.push({ action, at: Date.now(), code: String(auth.Code) });
      this.json(res, 400, auth);
      return;
    }
    const answer = this.act(action, params);
    this.events.push({
      action,
      at: Date.now(),
      code: String(answer.Code),
      subsId: params.SubsId ?? (answer.SecretBindDTO as { SubsId?: string } | undefined)?.SubsId,
      outId: params.OutId,
    });
    if (failure === "lost_answer") {
      this.hanging.add(res);
      return;
    }
    this.json(res, answer.Code === "OK" ? 200 : 400, answer);
  }

  private json(res: ServerResponse, status: number, body: Record<string, unknown>): void {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ RequestId: "FAKE", ...body }));
  }

  /** Null when the request is signed right by the known key; else the documented error answer. */
  private authenticate(method: string, params: Record<string, string>): Record<string, unknown> | null {
    if (params.AccessKeyId !== this.accessKeyId) return { Code: "InvalidAccessKeyId.NotFound", Message: "no such key" };
    if (params.SignatureMethod !== "HMAC-SHA1" || params.SignatureVersion !== "1.0") {
      return { Code: "IncompleteSignature", Message: "signature method" };
    }
    if (params.Version !== "2017-05-25") return { Code: "InvalidVersion", Message: "version" };
    const timestamp = Date.parse(params.Timestamp ?? "");
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > 15 * 60_000) {
      return { Code: "InvalidTimeStamp.Expired", Message: "timestamp" };
    }
    if (!params.SignatureNonce || this.nonces.has(params.SignatureNonce)) {
      return { Code: "SignatureNonceUsed", Message: "nonce" };
    }
    const expected = Buffer.from(rpcSignature(method, params, this.accessKeySecret));
    const given = Buffer.from(params.Signature ?? "");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { Code: "SignatureDoesNotMatch", Message: "Specified signature is not matched with our calculation." };
    }
    this.nonces.add(params.SignatureNonce);
    if (params.PoolKey !== this.poolKey) return { Code: "isv.POOLKEY_NOT_EXISTS", Message: "poolKey not exist" };
    return null;
  }

  private act(action: string, p: Record<string, string>): Record<string, unknown> {
    const now = new Date();
    const ok = { Code: "OK", Message: "OK" };
    const find = () => {
      const b = this.bindings.get(p.SubsId ?? "");
      return b && !b.unboundAt && b.expiration > now && (!p.PhoneNoX || b.phoneNoX === p.PhoneNoX) ? b : null;
    };
    switch (action) {
      case "BindAxnExtension": {
        if (!/^1[3-9]\d{9}$|^0\d{9,11}$/.test(p.PhoneNoA ?? "")) {
          return { Code: "isv.MOBILE_NUMBER_ILLEGAL", Message: "PhoneNoA" };
        }
        const mobileX = /^1\d{10}$/.test(p.PhoneNoX ?? "");
        if (!p.PhoneNoX || !(mobileX ? /^\d{1,3}$/ : /^\d{4}$/).test(p.Extension ?? "")) {
          return { Code: "isv.INVALID_PARAMETERS", Message: "Extension" };
        }
        const expiration = parseBeijing(p.Expiration);
        if (!expiration || expiration.getTime() < now.getTime() + 60_000) {
          return { Code: "isv.EXPIRE_DATE_ILLEGAL", Message: "Expiration" };
        }
        const subsId = this.plant({
          phoneNoA: p.PhoneNoA,
          phoneNoX: p.PhoneNoX,
          extension: p.Extension,
          outId: p.OutId ?? "",
          expiration,
        });
        return { ...ok, SecretBindDTO: { SubsId: subsId, SecretNo: p.PhoneNoX, Extension: p.Extension } };
      }
      case "UpdateSubscription": {
        const binding = find();
        if (!binding) return { Code: "isv.SUBS_NOT_EXIST", Message: "subs not exist" };
        if (p.OperateType !== "updateExpire") return { Code: "isv.INVALID_PARAMETERS", Message: "OperateType" };
        const expiration = parseBeijing(p.Expiration);
        if (!expiration || expiration.getTime() < now.getTime() + 60_000) {
          return { Code: "isv.EXPIRE_DATE_ILLEGAL", Message: "Expiration" };
        }
        binding.expiration = expiration;
        return ok;
      }
      case "UnbindSubscription": {
        const binding = this.bindings.get(p.SubsId ?? "");
        if (!binding || binding.unboundAt || binding.phoneNoX !== p.SecretNo) {
          return { Code: "isv.SUBS_NOT_EXIST", Message: "subs not exist" };
        }
        binding.unboundAt = now;
        return { ...ok, ChargeId: "true" };
      }
      case "QuerySubsId": {
        const ids = this.live(now)
          .filter((b) => b.phoneNoX === p.PhoneNoX)
          .map((b) => b.subsId);
        return { ...ok, SubsId: ids.join(",") };
      }
      case "QuerySubscriptionDetail": {
        const binding = this.bindings.get(p.SubsId ?? "");
        if (!binding || binding.phoneNoX !== p.PhoneNoX)
          return { Code: "isv.SUBS_NOT_EXIST", Message: "subs not exist" };
        const live = !binding.unboundAt && binding.expiration > now;
        return {
          ...ok,
          SecretBindDetailDTO: {
            SubsId: binding.subsId,
            PhoneNoA: binding.phoneNoA,
            PhoneNoX: binding.phoneNoX,
            Extension: binding.extension,
            Status: live ? 1 : 0,
            GmtCreate: beijing(binding.createdAt),
            ExpireDate: beijing(binding.expiration),
          },
        };
      }
      default:
        return { Code: "InvalidAction.NotFound", Message: `Specified api is not found: ${action.slice(0, 40)}` };
    }
  }
}
