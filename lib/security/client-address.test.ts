import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installClientAddressHook, resolveClientAddress } from "./client-address";

describe("resolveClientAddress", () => {
  it("ignores X-Forwarded-For with no trusted proxy", () => {
    expect(resolveClientAddress({ forwardedFor: "6.6.6.6", socketAddress: "203.0.113.9", hops: 0 })).toBe(
      "203.0.113.9",
    );
  });

  it("behind one proxy takes what that proxy appended, not what the client put before it", () => {
    const forwardedFor = "6.6.6.6, 198.51.100.4";
    expect(resolveClientAddress({ forwardedFor, socketAddress: "10.0.0.2", hops: 1 })).toBe("198.51.100.4");
    expect(resolveClientAddress({ forwardedFor: "198.51.100.4", socketAddress: "10.0.0.2", hops: 1 })).toBe(
      "198.51.100.4",
    );
    expect(
      resolveClientAddress({ forwardedFor: ["6.6.6.6", "198.51.100.4"], socketAddress: "10.0.0.2", hops: 1 }),
    ).toBe("198.51.100.4");
  });

  it("skips empty entries of a sloppy list, and names a missing socket address unknown", () => {
    const forwardedFor = "6.6.6.6, , 198.51.100.4,";
    expect(resolveClientAddress({ forwardedFor, socketAddress: "10.0.0.2", hops: 1 })).toBe("198.51.100.4");
    expect(resolveClientAddress({ forwardedFor: undefined, socketAddress: undefined, hops: 0 })).toBe("unknown");
    expect(resolveClientAddress({ forwardedFor: "", socketAddress: "", hops: 1 })).toBe("unknown");
  });

  it("keeps at most 64 characters of an address", () => {
    const long = `2001:db8:${"a".repeat(100)}`;
    expect(resolveClientAddress({ forwardedFor: long, socketAddress: "10.0.0.2", hops: 1 })).toBe(long.slice(0, 64));
    expect(resolveClientAddress({ forwardedFor: undefined, socketAddress: long, hops: 0 })).toHaveLength(64);
  });

  it("never walks further left than the list goes", () => {
    expect(resolveClientAddress({ forwardedFor: undefined, socketAddress: "10.0.0.2", hops: 3 })).toBe("10.0.0.2");
  });
});

describe("the server hook, on a real HTTP server", () => {
  let server: http.Server;
  let port: number;
  const seen: { xff: string | undefined; realIp: string | undefined }[] = [];

  beforeAll(async () => {
    installClientAddressHook(0);
    server = http.createServer((request, response) => {
      seen.push({
        xff: request.headers["x-forwarded-for"] as string | undefined,
        realIp: request.headers["x-real-ip"] as string | undefined,
      });
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    installClientAddressHook(0);
    await new Promise((resolve) => server.close(resolve));
  });

  async function send(headers: Record<string, string>) {
    seen.length = 0;
    await fetch(`http://127.0.0.1:${port}/`, { headers });
    return seen[0];
  }

  it("replaces a forged X-Forwarded-For (and X-Real-IP) by the socket's address", async () => {
    installClientAddressHook(0);
    expect(await send({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" })).toEqual({
      xff: "127.0.0.1",
      realIp: undefined,
    });
    expect(await send({})).toEqual({ xff: "127.0.0.1", realIp: undefined });
  });

  it("with TRUSTED_PROXY_HOPS=1 keeps the entry the proxy appended", async () => {
    installClientAddressHook(1);
    expect((await send({ "x-forwarded-for": "6.6.6.6, 198.51.100.4" })).xff).toBe("198.51.100.4");
  });
});
