import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { GET as outagePage } from "@/app/unavailable/route";
import { proxy } from "@/proxy";
import { markDbDown, markDbUp } from "./availability";
import { REQUEST_PATH_HEADER } from "./unavailable-page";

const SESSION = "authjs.session-token=eyJhbGciOiJkaXIifQ.x.y";

afterEach(() => markDbUp());

async function page(url: string, headers: Record<string, string> = {}) {
  const response = await proxy(new NextRequest(url, { headers: { cookie: SESSION, ...headers } }));
  return { response, body: await response.text() };
}

describe("the outage page", () => {
  it("while the database is down: 503, says since when; the console's also the monitor's state and error class", async () => {
    markDbDown("ECONNREFUSED");
    const buyer = await page("http://localhost:3000/orders");
    expect(buyer.response.status).toBe(503);
    expect(buyer.body).toContain("Temporarily unavailable");
    expect(buyer.body).toContain("Database unavailable since");
    expect(buyer.body).not.toContain("data-db-state");
    expect(buyer.body).not.toContain("ECONNREFUSED");

    const console = await page("http://localhost:3000/operator", { "accept-language": "zh-CN" });
    expect(console.response.status).toBe(503);
    expect(console.body).toContain("暂时无法使用");
    expect(console.body).toContain('data-db-state="down"');
    expect(console.body).toContain("<code data-db-error>ECONNREFUSED</code>");
  });

  it("hands every page it lets through the path asked for, for a render that loses the database", async () => {
    const { response } = await page("http://localhost:3000/orders?after=abc");
    expect(response.headers.get(`x-middleware-request-${REQUEST_PATH_HEADER}`)).toBe("/orders?after=abc");
  });

  it("is also where such a render lands, answering for itself while the database is down, linking back", async () => {
    markDbDown("57P01");
    for (const via of ["proxy", "route"] as const) {
      const url = "http://localhost:3000/unavailable?next=%2Foperator%3Ftab%3Dpool";
      const response = via === "proxy" ? (await page(url)).response : outagePage(new Request(url));
      if (via === "proxy") {
        // Passed on to the route (app/unavailable/route.ts), not answered by the proxy's own page.
        expect(response.headers.get("x-middleware-next")).toBe("1");
        continue;
      }
      const body = await response.text();
      expect(response.status).toBe(503);
      expect(body).toContain('href="/operator?tab=pool"');
      expect(body).toContain('content="5;url=/operator?tab=pool"');
      expect(body).toContain("<code data-db-error>57P01</code>");
    }
  });

  it("links only back to this site, and says no 'since' when the monitor already sees the server again", async () => {
    for (const next of ["https://evil.example/x", "//evil.example", "/\\evil.example", "javascript:alert(1)"]) {
      const body = await outagePage(
        new Request(`http://localhost:3000/unavailable?next=${encodeURIComponent(next)}`),
      ).text();
      expect(body).toContain('href="/"');
      expect(body).not.toContain("evil");
      expect(body).not.toContain("javascript");
    }
    const body = await outagePage(new Request("http://localhost:3000/unavailable?next=%2Forders")).text();
    expect(body).not.toContain("unavailable since");
    expect(body).toContain('href="/orders"');
  });
});
