/**
 * `npm run purge`: the retention purge on DATABASE_URL (or the embedded database in DATA_DIR).
 * Safe to run from cron as often as wanted.
 */
import { openConfiguredDb } from "@/lib/db/runtime";
import { purgeExpiredContactData } from "@/lib/privacy/purge";
import { securitySettings } from "@/lib/security/settings";

async function main() {
  const handle = await openConfiguredDb({ max: 2 });
  try {
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
