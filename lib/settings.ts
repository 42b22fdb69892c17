/**
 * The numbers behind the rules. Each one is a single setting, overridable by environment.
 */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export const settings = {
  /** A line works until this many days after the transaction succeeds (order completed). */
  lineLifetimeDays: envNumber("LINE_LIFETIME_DAYS", 15),
  /** A freed slot is not bound again before this many days. */
  coolDownDays: envNumber("COOLDOWN_DAYS", 30),
  /** After-sales extension: days added each time. */
  extensionDays: envNumber("EXTENSION_DAYS", 7),
  /** After-sales extension: how many times one line may be extended. */
  extensionMaxCount: envNumber("EXTENSION_MAX_COUNT", 2),
  /** After-sales extension: only within this many days before the line ends. */
  extensionWindowDays: envNumber("EXTENSION_WINDOW_DAYS", 3),
  /**
   * The relay's decision fails closed (answers "unavailable") after this long, inside a telephony
   * provider's 700 ms webhook budget with room left for the network.
   */
  relayDecisionTimeoutMs: envNumber("RELAY_DECISION_TIMEOUT_MS", 600),
  /** Protecting an order by hand: at most this many times per order in 24 hours… */
  reprotectPerOrderPerDay: envNumber("REPROTECT_LIMIT_PER_ORDER", 3),
  /** …and this many times per buyer in 24 hours, all orders together. */
  reprotectPerBuyerPerDay: envNumber("REPROTECT_LIMIT_PER_BUYER", 10),
  /** A relay request whose body has not all arrived by then is answered 408: no trickled body holds a connection. */
  relayBodyTimeoutMs: envNumber("RELAY_BODY_TIMEOUT_MS", 5_000),
  /** Orders per page on /orders. */
  ordersPageSize: envNumber("ORDERS_PAGE_SIZE", 20),
};

export function days(n: number): number {
  return n * DAY_MS;
}
