/**
 * Auth.js's own logger prints a 12-line stack for every failed sign-in and every tampered cookie,
 * with the cause's details: anyone could flood the log, and the details may carry what was typed.
 * One line instead: the error's type and, for an unexpected failure, the cause's class and SQLSTATE.
 */
export function authLogLine(error: unknown): string {
  const type = (error as { type?: unknown })?.type;
  const name = typeof type === "string" ? type : error instanceof Error ? error.name : typeof error;
  const wrapped = (error as { cause?: { err?: unknown } } | undefined)?.cause;
  const cause = wrapped && typeof wrapped === "object" && "err" in wrapped ? wrapped.err : undefined;
  if (!(cause instanceof Error)) return `[auth] ${name}`;
  const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code;
  return `[auth] ${name} (${cause.name}${typeof code === "string" ? ` ${code}` : ""})`;
}

/** For the `logger` option of NextAuth(). */
export const authLogger = {
  error(error: Error) {
    console.error(authLogLine(error));
  },
  warn(code: string) {
    console.warn(`[auth] warning ${code}`);
  },
  debug() {},
};
