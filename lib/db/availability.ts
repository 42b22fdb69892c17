/**
 * Whether this process can reach its database right now, shared by the app and proxy.ts through
 * globalThis (proxy.ts runs in the same Node process under `next start`). A monitor probes the server
 * every PROBE_MS; a request that fails with a connection-class error marks it down at once, so pages
 * answer 503 "temporarily unavailable" instead of an error page until a probe succeeds again.
 */
export type DbAvailability = {
  up: boolean;
  since: number;
  /** The class of the last failure (an error code such as `ECONNREFUSED` or `57P01`, never a message). */
  lastError: string | null;
  /** When the monitor last heard back from its probe, good or bad; null before its first. */
  probedAt: number | null;
};

const g = globalThis as unknown as { __onpDbAvailability?: DbAvailability; __onpDbMonitor?: NodeJS.Timeout };

function state(): DbAvailability {
  g.__onpDbAvailability ??= { up: true, since: Date.now(), lastError: null, probedAt: null };
  return g.__onpDbAvailability;
}

export function dbAvailability(): Readonly<DbAvailability> {
  return { ...state() };
}

// postgres.js connection errors, and the server codes for "not now": admin shutdown, crash shutdown,
// cannot connect now, too many connections, connection exceptions (class 08), and a statement cancelled
// by the server's own timeout while it was failing over.
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** The connection-class code in `error` or its causes (`57P01`, `ECONNRESET`…), or null for a query's own fault. */
export function connectionErrorCode(error: unknown): string | null {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}

/** True for an error that says the database could not be reached, as opposed to a query's own fault. */
export function isUnavailableError(error: unknown): boolean {
  return connectionErrorCode(error) !== null;
}

export function markDbDown(reason: string, now = Date.now()): void {
  const current = state();
  if (current.up) Object.assign(current, { up: false, since: now, lastError: reason });
  else current.lastError = reason;
}

export function markDbUp(now = Date.now()): void {
  const current = state();
  if (!current.up) Object.assign(current, { up: true, since: now, lastError: null });
}

/** Marks the database down when `error` is a connection-class error; says whether it was. */
export function noteDbError(error: unknown): boolean {
  const code = connectionErrorCode(error);
  if (code === null) return false;
  markDbDown(code);
  return true;
}

export const PROBE_MS = 500;
export const PROBE_TIMEOUT_MS = 1_000;
/** One slow probe on a busy machine is not an outage; two in a row are. */
const PROBE_FAILURES_FOR_DOWN = 2;

/** Runs `probe` every PROBE_MS (never two at once) and keeps the state in step with its outcome. */
export function startDbMonitor(probe: () => Promise<unknown>): () => void {
  if (g.__onpDbMonitor) clearInterval(g.__onpDbMonitor);
  let running = false;
  let failures = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await withTimeout(probe(), PROBE_TIMEOUT_MS);
      failures = 0;
      markDbUp();
    } catch (error) {
      failures += 1;
      if (failures >= PROBE_FAILURES_FOR_DOWN) markDbDown(connectionErrorCode(error) ?? "PROBE_FAILED");
    } finally {
      state().probedAt = Date.now();
      running = false;
    }
  };
  const timer = setInterval(tick, PROBE_MS);
  timer.unref();
  g.__onpDbMonitor = timer;
  return () => clearInterval(timer);
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer in ${ms} ms`), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
