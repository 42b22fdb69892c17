import { envNumber } from "@/lib/settings";

/** Throttling and retention: each one a single setting, overridable by environment. */
export const securitySettings = {
  /** Length of one fixed throttling window. */
  rateLimitWindowMinutes: envNumber("RATE_LIMIT_WINDOW_MINUTES", 15),
  /** Failed sign-ins per account (by its email or its mobile alike) before each attempt waits. */
  signInPerAccount: envNumber("SIGN_IN_LIMIT_PER_ACCOUNT", 5),
  /** The first wait after that many failures; it doubles with each further failure, up to one window. */
  signInDelaySeconds: envNumber("SIGN_IN_DELAY_SECONDS", 30),
  /** Password-reset requests per email per window, and per client address. */
  resetPerAccount: envNumber("RESET_LIMIT_PER_ACCOUNT", 3),
  resetPerIp: envNumber("RESET_LIMIT_PER_IP", 20),
  /** Failed sign-ins per client IP per window, whatever the account. */
  signInPerIp: envNumber("SIGN_IN_LIMIT_PER_IP", 30),
  /** Sign-up attempts per email or mobile number per window. */
  signUpPerAccount: envNumber("SIGN_UP_LIMIT_PER_ACCOUNT", 5),
  /** Sign-up attempts per client IP per window. */
  signUpPerIp: envNumber("SIGN_UP_LIMIT_PER_IP", 10),
  /** Wrong passwords when confirming a download or a deletion, per account per window. */
  reauthPerAccount: envNumber("REAUTH_LIMIT_PER_ACCOUNT", 5),
  /**
   * How many reverse proxies stand in front of the app, each appending the address it saw to
   * X-Forwarded-For. 0: the header is ignored and the socket's address is the client's.
   */
  trustedProxyHops: envNumber("TRUSTED_PROXY_HOPS", 0),
  /** Caller numbers and message texts of a line's contact log are purged this long after the line ended. */
  retentionDays: envNumber("RETENTION_DAYS", 90),
};
