import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { memoryDb } from "@/lib/testing/db";
import {
  MERCHANT_PHONE,
  makeProtectedBuyer,
  type PlacedLine,
  placeProtectedOrder,
  seedRelayWorld,
} from "@/lib/testing/relay";

const state = vi.hoisted(() => {
  process.env.RELAY_SIGNING_SECRET = `whsec_${Buffer.from("relay-cli-test-secret-32-bytes!!!").toString("base64")}`;
  return { db: undefined as unknown };
});
vi.mock("@/lib/db", () => ({ getDb: async () => state.db }));

const routes: Record<string, (request: Request) => Promise<Response>> = {
  "/api/relay/call": (await import("@/app/api/relay/call/route")).POST,
  "/api/relay/message": (await import("@/app/api/relay/message/route")).POST,
};

const run = promisify(execFile);

/** `npm run relay` against the real route handlers behind a plain HTTP server. */
describe("npm run relay", () => {
  let handle: DbHandle;
  let server: Server;
  let url: string;
  let line: PlacedLine;
  let phone: string;

  beforeAll(async () => {
    handle = await memoryDb();
    state.db = handle.db;
    const { merchantId } = await seedRelayWorld(handle.db);
    const buyer = await makeProtectedBuyer(handle.db);
    phone = buyer.phone;
    line = await placeProtectedOrder(handle.db, { buyerId: buyer.id, merchantId, now: new Date() });
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const route = routes[req.url ?? ""];
      const response = route
        ? await route(
            new Request(`http://localhost${req.url}`, {
              method: req.method,
              headers: req.headers as Record<string, string>,
              body: Buffer.concat(chunks),
            }),
          )
        : new Response("not found", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
  });

  const cli = (...args: string[]) =>
    run("npx", ["tsx", "scripts/relay.ts", ...args, "--url", url], { env: process.env }).catch(
      (error: { stdout: string; stderr: string; code: number }) => error,
    );

  it("sends a signed call and prints the answer, the real number masked", async () => {
    const { stdout } = await cli("call", "--to", line.host, "--ext", line.extension, "--from", MERCHANT_PHONE);
    expect(stdout).toContain("HTTP 200");
    expect(stdout).toContain('"action": "forward"');
    expect(stdout).toContain(`"to": "+86${phone.slice(0, 3)}****${phone.slice(-4)}"`);
    expect(stdout).not.toContain(phone);
  });

  it("sends a pickup notice and prints its code", async () => {
    const { stdout } = await cli(
      "message",
      "--to",
      line.host,
      "--ext",
      line.extension,
      "--from",
      "10690000123",
      "--text",
      "【菜鸟驿站】取件码 5-2-1234",
    );
    expect(stdout).toContain('"pickupCode": "5-2-1234"');
  });

  it("prints a rejection for a line that is not ours, and usage for a bad command", async () => {
    const { stdout } = await cli("call", "--to", "17099999999", "--ext", "0001", "--from", MERCHANT_PHONE);
    expect(stdout).toContain('"reason": "unknown"');
    const usage = (await cli("dial")) as { stderr: string; code: number };
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage:");
  });
});
