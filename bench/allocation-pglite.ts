/**
 * Allocation on embedded PGlite (on disk, as the app runs it), sequential: placeOrder one after another.
 *
 *   npx tsx --conditions=react-server bench/allocation-pglite.ts [--count=3000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrateDb, openDb } from "@/lib/db/client";
import { seedReferenceData } from "@/lib/demo/seed";
import { placeOrder } from "@/lib/protection/orders";
import { insertBuyersSql, numberArg, percentile } from "./common";

const count = numberArg("count", 3000);
const dir = mkdtempSync(path.join(tmpdir(), "onp-bench-pglite-"));
const handle = await openDb({ dataDir: path.join(dir, "pglite") });
try {
  await migrateDb(handle);
  await seedReferenceData(handle.db);
  for (const statement of insertBuyersSql(1, "p")
    .split(";")
    .filter((s) => s.trim()))
    await handle.db.execute(sql.raw(statement));
  const buyerId = await firstId("users");
  const merchantId = Number(await firstId("merchants"));
  const place = () =>
    placeOrder(handle.db, {
      buyerId,
      merchantId,
      item: "bench",
      amountCents: 100,
      recipientName: "Bench",
      address: "1 Bench Road",
      now: new Date(),
    });
  for (let i = 0; i < 100; i += 1) await place(); // warm-up, not counted
  const latencies: number[] = [];
  let bound = 0;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    const placed = await place();
    latencies.push(performance.now() - t0);
    if (placed.protection === "protected") bound += 1;
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    bench: "allocation-pglite",
    count,
    bindings: bound,
    seconds: Number(elapsed.toFixed(2)),
    perSecond: Math.round(bound / elapsed),
    p50: Number(percentile(latencies, 50).toFixed(2)),
    p99: Number(percentile(latencies, 99).toFixed(2)),
  };
  console.info(
    `PGlite sequential: ${result.perSecond} bindings/s (${bound} in ${result.seconds} s), p50 ${result.p50} ms, p99 ${result.p99} ms`,
  );
  console.info(`RESULT ${JSON.stringify(result)}`);
} finally {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}

async function firstId(table: string): Promise<string> {
  const result = (await handle.db.execute(sql.raw(`select id from ${table} order by id limit 1`))) as unknown as {
    rows: { id: string }[];
  };
  return String(result.rows[0].id);
}
