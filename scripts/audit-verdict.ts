export type AuditReport = {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string }>;
  message?: string;
  error?: { summary?: string };
};

export type Verdict = { exit: 0 | 1; line: string };

/** What CI makes of `npm audit --omit=dev --audit-level=high --json`: pass, fail, or "did not run". */
export function auditVerdict(
  stdout: string,
  { required, stderr = "" }: { required: boolean; stderr?: string },
): Verdict {
  let report: AuditReport | null = null;
  try {
    report = JSON.parse(stdout) as AuditReport;
  } catch {
    report = null;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (counts) {
    const high = (counts.high ?? 0) + (counts.critical ?? 0);
    if (high === 0) {
      return {
        exit: 0,
        line: `[audit] no high or critical advisories in production dependencies (${JSON.stringify(counts)})`,
      };
    }
    const names = Object.entries(report?.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === "high" || v.severity === "critical")
      .map(([name, v]) => `${name} (${v.severity})`);
    return {
      exit: 1,
      line: `[audit] FAILED: ${high} high or critical advisories in production dependencies: ${names.join(", ")}. Run \`npm audit --omit=dev\` for details, then \`npm audit fix\` or pin a fixed version.`,
    };
  }
  const why = report?.error?.summary || report?.message || stderr.trim().split("\n").at(-1) || "no report";
  return {
    exit: required ? 1 : 0,
    line: `[audit] NOT RUN: npm audit could not get advisories from the registry (${why}). The supply-chain check was skipped on this machine, not passed.${required ? "" : " Set AUDIT_REQUIRED=1 to make this fatal."}`,
  };
}
