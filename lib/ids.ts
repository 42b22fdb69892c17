const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What PostgreSQL's `uuid` type accepts (in its canonical form): anything else would make a query throw. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
