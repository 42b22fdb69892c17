import { describe, expect, it } from "vitest";
import { auditVerdict } from "./audit-verdict";

const clean = JSON.stringify({ metadata: { vulnerabilities: { info: 0, low: 1, moderate: 2, high: 0, critical: 0 } } });
const bad = JSON.stringify({
  vulnerabilities: { "some-lib": { severity: "high" }, "other-lib": { severity: "moderate" } },
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 0 } },
});
const unreachable = JSON.stringify({
  message: "405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk",
  statusCode: 405,
  error: { summary: "", detail: "" },
});

describe("npm audit verdict", () => {
  it("passes with no high or critical advisory", () => {
    expect(auditVerdict(clean, { required: true })).toMatchObject({ exit: 0 });
  });
  it("fails on a high advisory and names the package", () => {
    const verdict = auditVerdict(bad, { required: false });
    expect(verdict.exit).toBe(1);
    expect(verdict.line).toContain("some-lib (high)");
    expect(verdict.line).not.toContain("other-lib");
  });
  it("says plainly when the advisories could not be fetched, and fails then only when required", () => {
    expect(auditVerdict(unreachable, { required: false })).toMatchObject({
      exit: 0,
      line: expect.stringContaining("NOT RUN"),
    });
    expect(auditVerdict(unreachable, { required: true }).exit).toBe(1);
    expect(auditVerdict(unreachable, { required: false }).line).toContain("405 Method Not Allowed");
    expect(auditVerdict("", { required: true, stderr: "npm error audit endpoint returned an error" }).line).toContain(
      "audit endpoint returned an error",
    );
  });
});
