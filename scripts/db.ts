/** `npm run db:migrate` / `npm run db:seed`: on DATABASE_URL, or the embedded database in DATA_DIR. */
import { openConfiguredDb } from "@/lib/db/runtime";
import { seedDemo } from "@/lib/demo/seed";
import { isEmbedded } from "@/lib/env";

async function main(command: string | undefined) {
  if (command !== "migrate" && command !== "seed") {
    console.error("usage: tsx --conditions=react-server scripts/db.ts migrate|seed");
    process.exit(2);
  }
  const handle = await openConfiguredDb({ max: 2 });
  try {
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
