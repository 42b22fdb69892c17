import { PROVIDER_COMMAND, PROVIDER_RECONCILE } from "@/lib/alibaba/kinds";
import { providerCommandHandler } from "@/lib/alibaba/outbox";
import { providerReconcileHandler } from "@/lib/alibaba/reconcile";
import { pushReminderHandler } from "@/lib/reminders/push";
import { PUSH_JOB } from "@/lib/reminders/remind";
import { reminderScanHandler, SCAN_JOB } from "@/lib/reminders/scan";
import type { JobHandler } from "./types";

/**
 * Every kind of job this app runs, and its handler. A worker claims only the kinds listed here.
 */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [PROVIDER_COMMAND]: providerCommandHandler,
  [PROVIDER_RECONCILE]: providerReconcileHandler,
  [PUSH_JOB]: pushReminderHandler,
  [SCAN_JOB]: reminderScanHandler,
};
