/**
 * `npm run purge`: the retention purge on DATABASE_URL (or the embedded database in DATA_DIR).
 * Safe to run from cron as often as wanted.
 */
import path from "node:path";
import { migrateDb, openDb } from "@/lib/db/client";
import { databaseUrl, dataDir, secrets } from "@/lib/env";
import { purgeExpiredContactData } from "@/lib/privacy/purge";
import { securitySettings } from "@/lib/security/settings";

async function main() {
  secrets();
  const url = databaseUrl();
  const handle = await openDb(url ? { url, max: 2 } : { dataDir: path.join(dataDir(), "pglite") });
  try {
    await migrateDb(handle, url);
    const result = await purgeExpiredContactData(handle.db, { now: new Date() });
    console.info(
      `[purge] erased caller numbers and texts of ${result.contactEvents} contact events (lines stopped before ${result.cutoff.toISOString()}, RETENTION_DAYS=${securitySettings.retentionDays}); dropped ${result.rateLimits} old rate-limit counters`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(`[purge] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
