import type { JobHandler } from "./types";

/**
 * Every kind of job this app runs, and its handler. A worker claims only the kinds listed here.
 */
export const JOB_HANDLERS: Record<string, JobHandler> = {};
