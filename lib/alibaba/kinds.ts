/** The job kinds of the provider outbox (lib/jobs/handlers.ts maps them to their handlers). */
export const PROVIDER_COMMAND = "provider.command";
export const PROVIDER_RECONCILE = "provider.reconcile";
