import path from "node:path";
import { seedDemo } from "@/lib/demo/seed";
import { databaseUrl, dataDir, isEmbedded, secrets } from "@/lib/env";
import { migrateDb, openDb } from "./client";

async function main(command: string | undefined) {
  if (command !== "migrate" && command !== "seed") {
    console.error("usage: tsx lib/db/cli.ts migrate|seed");
    process.exit(2);
  }
  secrets();
  const url = databaseUrl();
  const handle = await openDb(url ? { url, max: 2 } : { dataDir: path.join(dataDir(), "pglite") });
  try {
    await migrateDb(handle, url);
    console.info(`[db] migrations applied (${isEmbedded() ? "embedded PGlite" : "PostgreSQL server"})`);
    if (command === "seed") {
      await seedDemo(handle.db, new Date());
      console.info("[db] demo data present: demo@example.com / protect-my-number");
    }
  } finally {
    await handle.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
