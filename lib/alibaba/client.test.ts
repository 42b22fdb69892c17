import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeDypls, percentEncode, rpcSignature } from "@/lib/testing/alibaba-fake";
import { AlibabaError, beijingTime, DyplsClient, fromBeijingTime } from "./client";

const fake = new FakeDypls();
let client: DyplsClient;
const config = () => ({
  accessKeyId: fake.accessKeyId,
  accessKeySecret: fake.accessKeySecret,
  poolKey: fake.poolKey,
  endpoint: fake.url,
  timeoutMs: 1500,
});

beforeAll(async () => {
  await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => {
  client = new DyplsClient(config());
  fake.up();
});

const inAnHour = () => new Date(Date.now() + 3_600_000);

describe("the fake's signature check (the documented algorithm)", () => {
  it("percent-encodes as the documentation says: space is %20, * is %2A, ~ stays", () => {
    expect(percentEncode("a b*c~d/é")).toBe("a%20b%2Ac~d%2F%C3%A9");
  });

  it("reproduces the documentation's worked example", () => {
    // The worked example of the RPC signature documentation (DescribeRegions, secret "testsecret").
    const params = {
      AccessKeyId: "testid",
      Action: "DescribeRegions",
      Format: "XML",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      SignatureVersion: "1.0",
      Timestamp: "2016-02-23T12:46:24Z",
      Version: "2014-05-26",
    };
    expect(rpcSignature("GET", params, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });
});

describe("DyplsClient through pop-core against the fake", () => {
  it("binds, reads back, moves the expiration and unbinds with signed requests", async () => {
    const bound = await client.bindAxnExtension({
      phoneNoA: "13800138000",
      phoneNoX: "17100000001",
      extension: "042",
      expiration: inAnHour(),
      outId: "binding-1",
    });
    expect(bound.secretNo).toBe("17100000001");
    const [live] = fake.liveByOutId("binding-1");
    expect(live).toMatchObject({ phoneNoA: "13800138000", phoneNoX: "17100000001", extension: "042" });

    expect(await client.querySubsIds("17100000001")).toContain(bound.subsId);
    const later = new Date(Date.now() + 7_200_000);
    await client.updateExpiration({ subsId: bound.subsId, phoneNoX: "17100000001", expiration: later });
    const detail = await client.querySubscriptionDetail({ subsId: bound.subsId, phoneNoX: "17100000001" });
    expect(detail).toMatchObject({ status: 1, extension: "042", phoneNoA: "13800138000" });
    expect(fromBeijingTime(detail?.expireDate ?? "")?.getTime()).toBe(Math.floor(later.getTime() / 1000) * 1000);

    await client.unbind({ subsId: bound.subsId, secretNo: "17100000001" });
    expect(fake.liveByOutId("binding-1")).toHaveLength(0);
    // Unbinding again is not an error: the subscription is gone either way.
    await client.unbind({ subsId: bound.subsId, secretNo: "17100000001" });
    expect(fake.rejected).toBe(0);
  });

  it("is refused by the fake when signed with another secret, and says only the code", async () => {
    const wrong = new DyplsClient({ ...config(), accessKeySecret: "not-the-secret" });
    const error = await wrong
      .bindAxnExtension({
        phoneNoA: "13800138000",
        phoneNoX: "17100000001",
        extension: "7",
        expiration: inAnHour(),
        outId: "x",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlibabaError);
    expect((error as AlibabaError).code).toBe("SignatureDoesNotMatch");
    expect((error as AlibabaError).retryable).toBe(false);
    expect(String((error as Error).message)).not.toContain("13800138000");
    expect(fake.liveByOutId("x")).toHaveLength(0);
  });

  it("says which failures are retryable: throttling, system busy, 5xx, timeouts; not a bad request", async () => {
    const bind = () =>
      client
        .bindAxnExtension({
          phoneNoA: "13800138000",
          phoneNoX: "17100000002",
          extension: "1",
          expiration: inAnHour(),
          outId: "y",
        })
        .catch((e: unknown) => e as AlibabaError);
    fake.failNext("throttle");
    expect(await bind()).toMatchObject({ code: "isv.BUSINESS_LIMIT_CONTROL", retryable: true });
    fake.failNext("system_error");
    expect(await bind()).toMatchObject({ code: "isp.SYSTEM_ERROR", retryable: true });
    fake.failNext("5xx");
    expect(await bind()).toMatchObject({ retryable: true });
    fake.failNext("timeout");
    const timedOut = await bind();
    expect(timedOut).toMatchObject({ retryable: true });
    expect((timedOut as AlibabaError).code).toMatch(/^network:/);
    const fourDigits = await client
      .bindAxnExtension({
        phoneNoA: "13800138000",
        phoneNoX: "17100000002",
        extension: "0421",
        expiration: inAnHour(),
        outId: "z",
      })
      .catch((e: unknown) => e);
    expect(fourDigits).toMatchObject({ code: "isv.INVALID_PARAMETERS", retryable: false });
  });

  it("writes times in Beijing time", () => {
    expect(beijingTime(new Date("2026-01-01T00:00:00Z"))).toBe("2026-01-01 08:00:00");
    expect(fromBeijingTime("2026-01-01 08:00:00")?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });
});
