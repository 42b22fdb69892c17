import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { dbAvailability, noteDbError, PROBE_TIMEOUT_MS, withTimeout } from "@/lib/db/availability";

export const dynamic = "force-dynamic";

/** 200 only once migrations have run and the database answers, within a second. */
export async function GET() {
  try {
    const db = await getDb();
    await withTimeout(db.execute(sql`select 1`), PROBE_TIMEOUT_MS);
    return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    noteDbError(error);
    const { since } = dbAvailability();
    return Response.json(
      { status: "unavailable", database: "unavailable", since: new Date(since).toISOString() },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
}
