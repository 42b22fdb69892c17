import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

process.env.PHONE_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.PHONE_HASH_KEY ??= randomBytes(32).toString("base64");
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "onp-test-"));
delete process.env.DATABASE_URL;
// Decisions share 2 cores with the whole suite here; the deadline itself is tested with its own short value.
process.env.RELAY_DECISION_TIMEOUT_MS ??= "3000";
