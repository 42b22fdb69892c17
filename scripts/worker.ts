/**
 * `npm run worker`: the job worker alone (reminders, provider commands), on DATABASE_URL. Run it
 * beside app instances started with WORKER_IN_APP=off, or as well as them: claims never overlap.
 */
import { openConfiguredDb } from "@/lib/db/runtime";
import { databaseUrl } from "@/lib/env";
import { JOB_HANDLERS } from "@/lib/jobs/handlers";
import { startWorker } from "@/lib/jobs/worker";

async function main() {
  if (!databaseUrl()) {
    throw new Error(
      "npm run worker needs DATABASE_URL: the embedded database belongs to the app process, which runs the worker itself",
    );
  }
  const handle = await openConfiguredDb({ max: 2 });
  const worker = startWorker(handle.db);
  console.info(`[jobs] worker running for ${Object.keys(JOB_HANDLERS).join(", ") || "no kinds yet"}`);
  const stop = async () => {
    await worker.stop();
    await handle.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`[jobs] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
