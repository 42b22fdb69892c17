import "server-only";

export type { Db, Executor, Tx } from "./client";
export { getDb } from "./runtime";
