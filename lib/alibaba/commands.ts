import type { Executor } from "@/lib/db/client";
import { providerBindings } from "@/lib/db/schema";
import { enqueue, wakeWorker } from "@/lib/jobs/queue";
import { isAlibaba } from "./config";
import { PROVIDER_COMMAND } from "./kinds";

/**
 * Where line changes write their provider commands (the outbox: lib/alibaba/outbox.ts runs them).
 * Every function here runs inside the caller's transaction and is a no-op with the relay provider.
 */

/**
 * Inside the transaction that bound a line: its provider row (connecting) and the bind command. A no-op
 * with the relay provider.
 */
export async function providerLineBound(
  tx: Executor,
  { bindingId, host, extension, now }: { bindingId: string; host: string; extension: string; now: Date },
): Promise<void> {
  if (!isAlibaba()) return;
  await tx
    .insert(providerBindings)
    .values({ bindingId, host, extension, state: "connecting", createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  await enqueue(tx, { kind: PROVIDER_COMMAND, payload: { bindingId, command: "bind" } }, now);
}

/**
 * Inside the transaction that changed a line's times: an unbind when it ended, else an update of the
 * expiration, plus an unbind due at its new end (its own expiry). A no-op with the relay provider.
 */
export async function providerLineChanged(
  tx: Executor,
  { bindingId, ended, endsAt, now }: { bindingId: string; ended: boolean; endsAt?: Date | null; now: Date },
): Promise<void> {
  if (!isAlibaba()) return;
  if (ended) {
    await enqueue(tx, { kind: PROVIDER_COMMAND, payload: { bindingId, command: "unbind" } }, now);
    return;
  }
  await enqueue(tx, { kind: PROVIDER_COMMAND, payload: { bindingId, command: "update" } }, now);
  if (endsAt) {
    await enqueue(
      tx,
      {
        kind: PROVIDER_COMMAND,
        payload: { bindingId, command: "unbind" },
        runAt: endsAt,
        key: `${bindingId}@${endsAt.toISOString()}`,
      },
      now,
    );
  }
}

/** After the commit: run the commands now, not at the worker's next poll. */
export function wakeProviderWorker(): void {
  if (isAlibaba()) wakeWorker();
}

/** Resolves with the transaction's result once it committed, having woken the worker for its commands. */
export async function afterCommit<T>(transaction: Promise<T>): Promise<T> {
  const result = await transaction;
  wakeProviderWorker();
  return result;
}
