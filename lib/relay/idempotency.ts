import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor, Tx } from "@/lib/db";
import { relayWebhooks } from "@/lib/db/schema";
import { runFailClosed } from "@/lib/protection/relay";
import { type RelayAnswer, sealAnswer, unsealAnswer } from "./answer";

export type OnceResult =
  | { kind: "fresh" | "replay"; answer: RelayAnswer }
  | { kind: "conflict" }
  | { kind: "unavailable" };

/** Long past any signature window (5 minutes): older ids cannot come back, their rows are pruned. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Answers one webhook delivery once. The delivery's id is claimed in the same transaction as the
 * decision, so a repeat (even from another process, even while the first is still deciding: the
 * unique key makes it wait) gets the first answer and writes nothing. A repeat whose body differs is
 * a conflict. Fails closed: on any error or timeout nothing is kept and the answer is `unavailable`,
 * so a retry later is decided afresh.
 */
export async function answerOnce(
  db: Executor,
  { provider, webhookId, requestHash, now }: { provider: string; webhookId: string; requestHash: string; now: Date },
  decide: (tx: Tx) => Promise<RelayAnswer>,
): Promise<OnceResult> {
  const key = and(eq(relayWebhooks.provider, provider), eq(relayWebhooks.webhookId, webhookId));
  const binding = `relay:${provider}:${webhookId}`;
  return runFailClosed<OnceResult>(
    db,
    async (tx) => {
      const claimed = await tx
        .insert(relayWebhooks)
        .values({ provider, webhookId, requestHash, response: {}, createdAt: now })
        .onConflictDoNothing()
        .returning({ webhookId: relayWebhooks.webhookId });
      if (claimed.length === 0) {
        const [first] = await tx
          .select({ requestHash: relayWebhooks.requestHash, response: relayWebhooks.response })
          .from(relayWebhooks)
          .where(key);
        if (!first) throw new Error("claimed webhook row is gone");
        if (first.requestHash !== requestHash) return { kind: "conflict" };
        return { kind: "replay", answer: unsealAnswer(first.response, binding) };
      }
      const answer = await decide(tx);
      // The answer kept for repeats, and old ids pruned, in one statement.
      const cutoff = new Date(now.getTime() - KEEP_MS).toISOString();
      await tx.execute(sql`
        with pruned as (delete from relay_webhooks where created_at < ${cutoff}::timestamptz)
        update relay_webhooks set response = ${JSON.stringify(sealAnswer(answer, binding))}::jsonb
        where provider = ${provider} and webhook_id = ${webhookId}`);
      return { kind: "fresh", answer };
    },
    { kind: "unavailable" },
  );
}
