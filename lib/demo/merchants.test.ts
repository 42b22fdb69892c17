import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { merchants } from "@/lib/db/schema";
import { memoryDb } from "@/lib/testing/db";
import { MERCHANT_OPTIONS_TTL_MS, merchantOptions } from "./merchants";
import { SEED_MERCHANTS, seedReferenceData } from "./seed";

let handle: DbHandle;
beforeAll(async () => {
  handle = await memoryDb();
  await seedReferenceData(handle.db);
});
afterAll(async () => handle?.close());

describe("the tester's merchant list", () => {
  it("is read once, kept for a minute, then read again", async () => {
    const t0 = 1_000_000;
    const first = await merchantOptions(handle.db, t0);
    expect(first.map((m) => m.names)).toEqual(SEED_MERCHANTS.map((m) => m.names));
    await handle.db.insert(merchants).values({ ...SEED_MERCHANTS[0], names: { en: "Late Merchant" } });
    expect(await merchantOptions(handle.db, t0 + MERCHANT_OPTIONS_TTL_MS - 1)).toEqual(first);
    const later = await merchantOptions(handle.db, t0 + MERCHANT_OPTIONS_TTL_MS);
    expect(later.at(-1)?.names).toEqual({ en: "Late Merchant" });
  });

  it("keeps no failed read: the next request asks the database again", async () => {
    const broken = {
      select: () => ({ from: () => ({ orderBy: () => Promise.reject(new Error("database went away")) }) }),
    } as unknown as Db;
    const t0 = 5_000_000;
    await expect(merchantOptions(broken, t0)).rejects.toThrow("database went away");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await merchantOptions(handle.db, t0 + 1)).length).toBeGreaterThan(0);
  });
});
