/**
 * CI's supply-chain gate: `npm audit --omit=dev --audit-level=high`. Exit 1 when a production
 * dependency has a high or critical advisory. When the registry's advisory endpoint cannot be
 * reached the check did not run: that is said plainly, and it fails too when AUDIT_REQUIRED=1.
 */
import { spawnSync } from "node:child_process";
import { auditVerdict } from "./audit-verdict";

const run = spawnSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], { encoding: "utf8" });
const verdict = auditVerdict(run.stdout, { required: process.env.AUDIT_REQUIRED === "1", stderr: run.stderr });
(verdict.exit === 0 && verdict.line.includes("no high") ? console.info : console.error)(verdict.line);
process.exit(verdict.exit);
