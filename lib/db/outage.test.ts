import { afterEach, describe, expect, it, vi } from "vitest";
import { dbAvailability, markDbUp } from "./availability";
import { REQUEST_PATH_HEADER } from "./unavailable-page";

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ [REQUEST_PATH_HEADER]: "/orders?after=x" }),
}));
const { unavailableOnOutage } = await import("./outage");

afterEach(() => markDbUp());

async function thrown(run: () => Promise<unknown>): Promise<{ digest?: string; message?: string }> {
  try {
    await run();
  } catch (error) {
    return error as { digest?: string };
  }
  throw new Error("expected the render to throw");
}

describe("a page render that loses the database", () => {
  it("marks it down and redirects to the outage page, which links back to the page asked for", async () => {
    const page = unavailableOnOutage(async () => {
      throw new Error("Failed query", { cause: Object.assign(new Error("gone"), { code: "57P01" }) });
    });
    const error = await thrown(() => page({}));
    expect(error.digest).toMatch(/^NEXT_REDIRECT;replace;\/unavailable\?next=%2Forders%3Fafter%3Dx;307;/);
    expect(dbAvailability()).toMatchObject({ up: false, lastError: "57P01" });
  });

  it("lets any other error, and Next's own redirects, go on as they were", async () => {
    const own = new Error("a query's own fault");
    expect(await thrown(() => unavailableOnOutage(async () => Promise.reject(own))({}))).toBe(own);
    const { redirect } = await import("next/navigation");
    const error = await thrown(() => unavailableOnOutage(async () => redirect("/sign-in"))({}));
    expect(error.digest).toMatch(/^NEXT_REDIRECT;replace;\/sign-in;307;/);
    expect(dbAvailability().up).toBe(true);
  });

  it("renders what the page renders when nothing fails", async () => {
    expect(await unavailableOnOutage(async ({ n }: { n: number }) => `page ${n}`)({ n: 2 })).toBe("page 2");
  });
});
