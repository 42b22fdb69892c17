import postgres from "postgres";
import { databaseUrl, dataDir, isDemoMode, isEmbedded, workerInApp } from "@/lib/env";
import { startDbMonitor } from "./db/availability";
import { reconnectDelay } from "./db/client";
import { getDb } from "./db/runtime";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "./demo/seed";
import { relaySecrets } from "./relay/secrets";
import { scheduleScan } from "./reminders/scan";
import { vapid } from "./reminders/vapid";

/** Runs once per server process: secrets, migrations and (embedded) the demo seed. A failure stops start-up. */
export async function startServer(): Promise<void> {
  try {
    const started = Date.now();
    relaySecrets();
    vapid();
    const db = await getDb();
    if (isEmbedded()) await seedDemo(db, new Date());
    const url = databaseUrl();
    if (url) {
      // Its own connection, so that a busy pool never reads as an outage.
      const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {}, backoff: reconnectDelay });
      startDbMonitor(() => probe`select 1`);
    }
    if (workerInApp()) {
      const { startWorker } = await import("./jobs/worker");
      startWorker(db);
      const { isAlibaba } = await import("./alibaba/config");
      if (isAlibaba()) {
        // The first reconciliation a minute after start, then hourly (the job schedules its next run).
        const { scheduleReconcile } = await import("./alibaba/reconcile");
        await scheduleReconcile(db, new Date(), 60_000);
      }
    }
    // The hourly reminder scan: one job a slot, however many instances start.
    await scheduleScan(db, new Date());
    console.info(
      `[db] ready in ${Date.now() - started} ms (${isEmbedded() ? `embedded PGlite in ${dataDir()}` : "PostgreSQL server"})`,
    );
    if (isDemoMode()) {
      // Retention runs at every demo start; a real deployment schedules `npm run purge`.
      const { purgeExpiredContactData } = await import("./privacy/purge");
      const purged = await purgeExpiredContactData(db, { now: new Date() });
      console.info(`[purge] retention: erased caller numbers and texts of ${purged.contactEvents} contact events`);
    }
    if (isEmbedded()) {
      const port = process.env.PORT || "3000";
      console.info(
        `[demo] open http://localhost:${port} and sign in as ${DEMO_ACCOUNTS.buyer.email} / ${DEMO_PASSWORD}`,
      );
    }
  } catch (error) {
    console.error(`[startup] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
