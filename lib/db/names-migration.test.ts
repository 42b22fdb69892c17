import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";

const dir = path.resolve(import.meta.dirname, "../../drizzle");
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".sql"))
  .sort();

async function apply(pg: PGlite, file: string) {
  for (const statement of readFileSync(path.join(dir, file), "utf8").split("--> statement-breakpoint")) {
    if (statement.trim()) await pg.exec(statement);
  }
}

describe("the names-by-locale migration", () => {
  const pg = new PGlite();
  afterAll(() => pg.close());

  it("keeps every existing merchant's and courier's names, keyed by locale, and requires the default one", async () => {
    const at = files.findIndex((name) => name.includes("names_by_locale"));
    expect(at).toBeGreaterThan(0);
    for (const file of files.slice(0, at)) await apply(pg, file);
    await pg.exec(`
      insert into merchants (name, name_zh, phone) values ('Blue Whale Electronics', '蓝鲸数码旗舰店', '13900001111');
      insert into couriers (name, name_zh, phone) values ('SF Express', '顺丰速运', '15800002222');`);
    for (const file of files.slice(at)) await apply(pg, file);

    const merchants = await pg.query<{ names: unknown; phone: string }>("select names, phone from merchants");
    expect(merchants.rows).toEqual([
      { names: { en: "Blue Whale Electronics", "zh-CN": "蓝鲸数码旗舰店" }, phone: "13900001111" },
    ]);
    const couriers = await pg.query<{ names: unknown }>("select names from couriers");
    expect(couriers.rows).toEqual([{ names: { en: "SF Express", "zh-CN": "顺丰速运" } }]);
    const columns = await pg.query<{ column_name: string }>(
      "select column_name from information_schema.columns where table_name = 'merchants' order by column_name",
    );
    expect(columns.rows.map((row) => row.column_name)).toEqual(["id", "names", "phone"]);

    await expect(pg.exec(`insert into merchants (names, phone) values ('{"zh-CN": "熊猫家居"}', '1')`)).rejects.toThrow(
      /merchants_names_check/,
    );
    await expect(
      pg.exec(`insert into merchants (names, phone) values ('{"en": "Blue Whale Electronics"}', '2')`),
    ).rejects.toThrow(/merchants_default_name_key/);
  });
});
