export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { installClientAddressHook } = await import("./lib/security/client-address");
  const { securitySettings } = await import("./lib/security/settings");
  installClientAddressHook(securitySettings.trustedProxyHops);
  const { startServer } = await import("./lib/startup");
  await startServer();
}

/** A request that failed because the database is unreachable marks it down for proxy.ts at once. */
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { noteDbError } = await import("./lib/db/availability");
  noteDbError(error);
}
