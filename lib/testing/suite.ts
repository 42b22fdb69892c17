import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { resetDb, seedMerchants } from "./protection";

/**
 * A driver's database for one describe block: opened once, closed after, emptied and given the
 * merchants before each test. Read `db` and `merchantId` inside the tests (they are set by the hooks).
 */
export function useProtectionDb(open: () => Promise<DbHandle>): { db: Db; merchantId: number } {
  let handle: DbHandle | undefined;
  const state = {} as { db: Db; merchantId: number };
  beforeAll(async () => {
    handle = await open();
    state.db = handle.db;
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await resetDb(state.db);
    state.merchantId = await seedMerchants(state.db);
  });
  return state;
}
