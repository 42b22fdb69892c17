import { dataDir, isEmbedded } from "@/lib/env";
import { getDb } from "./db/runtime";

/** Runs once per server process: secrets, migrations and (embedded) the demo seed. A failure stops start-up. */
export async function startServer(): Promise<void> {
  try {
    const started = Date.now();
    await getDb();
    console.info(
      `[db] ready in ${Date.now() - started} ms (${isEmbedded() ? `embedded PGlite in ${dataDir()}` : "PostgreSQL server"})`,
    );
  } catch (error) {
    console.error(`[startup] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
