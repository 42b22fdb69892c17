import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { decryptPhone, phoneHash } from "@/lib/crypto/phone";
import type { Executor, Tx } from "@/lib/db";
import { resultRows } from "@/lib/db/client";
import {
  type CallerKind,
  type ContactChannel,
  type ContactRejectReason,
  contactEvents,
  type EndReason,
  type LocalNames,
} from "@/lib/db/schema";
import { callerE164, maskCaller, maskPhone, normalizeCnMobile, toE164Cn } from "@/lib/phone";
import { settings } from "@/lib/settings";
import { lineState } from "./line";
import { applyNoticeToOrderIn } from "./parcels";
import { type PickupNotice, parsePickupNotice } from "./pickup-code";

/**
 * The relay's decision: where a call or message to a special line goes.
 *
 * The slot is found by (host number, extension); the binding that held it at `now` is the one with the
 * latest `bound_at <= now` (the slot's holder, in practice). Then, first match wins:
 *
 * | situation at `now`                                              | answer              | logged on the order |
 * | --------------------------------------------------------------- | ------------------- | ------------------- |
 * | host or extension malformed, no such host, no such slot          | reject `unknown`    | no                  |
 * | slot never bound, or its binding is gone, while it cools down    | reject `cooling`    | no (no order)       |
 * | slot never bound, or its binding is gone                        | reject `unknown`    | no                  |
 * | line ended or expired and its cool-down is over (slot is free)   | reject `unknown`    | no                  |
 * | line ended (early, cancelled, refunded, protection off), cooling | reject `ended`      | yes                 |
 * | line passed its end time, cooling                                | reject `expired`    | yes                 |
 * | line live, host number locked by the operator                    | reject `locked`     | yes                 |
 * | line live, caller blocked by the buyer on this line              | reject `blocked`    | yes                 |
 * | line live                                                        | forward + whisper   | yes                 |
 * | any error, a timeout, a real number that does not decrypt        | reject `unavailable`| no (rolled back)    |
 */
export type RejectReason = "unknown" | "cooling" | ContactRejectReason | "unavailable";

export type ForwardDecision = {
  action: "forward";
  /** The buyer's real number, E.164. Never log it. */
  to: string;
  about: About;
  orderId: string;
  bindingId: string;
  contactEventId: number;
  callerKind: CallerKind;
};
export type RejectDecision = {
  action: "reject";
  reason: RejectReason;
  orderId?: string;
  bindingId?: string;
  contactEventId?: number;
};
export type RelayDecision = ForwardDecision | RejectDecision;

export type ContactInput = {
  host: string;
  extension: string;
  caller: string;
  now: Date;
  channel?: ContactChannel;
};
export type MessageInput = { host: string; extension: string; sender: string; text: string; now: Date };
export type MessageDecision = RelayDecision & {
  pickupCode: string | null;
  station: string | null;
  /** The parcel the notice updated (forwarded notices only). */
  parcelId?: string | null;
};

export const MAX_MESSAGE_CHARS = 2_000;
const UNAVAILABLE: RejectDecision = { action: "reject", reason: "unavailable" };

export type Caller = {
  /** What the keyed hash is taken of: the 11-digit mobile, other digits, or `anonymous`. */
  key: string;
  masked: string;
  /** Null for a withheld number: it then matches no merchant or courier. */
  matchKey: string | null;
};

/**
 * A caller as the relay keeps it: normalised for matching, masked for showing. Mainland mobiles keep
 * their 11-digit key (the form every stored block and contact was hashed from); every other number
 * is keyed by its E.164 form.
 */
export function normalizeCaller(raw: string): Caller {
  const mobile = normalizeCnMobile(raw);
  if (mobile) return { key: mobile, masked: maskPhone(mobile), matchKey: mobile };
  const e164 = callerE164(raw);
  if (e164) return { key: e164, masked: maskCaller(e164), matchKey: e164 };
  const digits = raw.replace(/\D/g, "").replace(/^00/, "").slice(0, 20);
  if (digits.length < 3) return { key: "anonymous", masked: "anonymous", matchKey: null };
  return { key: digits, masked: maskCaller(digits), matchKey: digits };
}

function callerKind(caller: Caller, merchantPhone: string, courierPhone: string | null): CallerKind {
  if (!caller.matchKey) return "unknown";
  if (normalizeCaller(merchantPhone).matchKey === caller.matchKey) return "merchant";
  if (courierPhone && normalizeCaller(courierPhone).matchKey === caller.matchKey) return "courier";
  return "unknown";
}

/** What a forwarded contact is about, for the whisper: the order by its item and merchant, and who is calling. */
export type About = {
  channel: ContactChannel;
  callerKind: CallerKind;
  item: string;
  merchant: LocalNames;
  courier: LocalNames | null;
};

type Lookup = {
  slotId: string;
  availableAt: Date | null;
  hostStatus: string;
  /** The binding that held the slot at `now`, or null. */
  line: {
    bindingId: string;
    orderId: string;
    buyerId: string;
    endsAt: Date | null;
    endedAt: Date | null;
    endReason: EndReason | null;
    coolUntil: Date | null;
    extensions: number;
    item: string;
    merchantNames: LocalNames;
    merchantPhone: string;
    courierNames: LocalNames | null;
    courierPhone: string | null;
    phoneCiphertext: string;
    /** Whether the buyer blocked this caller on this line. */
    blocked: boolean;
  } | null;
};

/**
 * Everything the decision reads, in one statement (one round trip): the slot by (host number,
 * extension), two unique-index probes; the binding that held it at `now` (the latest `bound_at <= now`,
 * locked against a concurrent end) with its order, merchant, courier and the buyer's sealed number;
 * and whether the caller is blocked on that line. Exported for the plan test and the bench.
 */
export function contactLookup({
  host,
  extension,
  now,
  callerHash,
}: {
  host: string;
  extension: string;
  now: Date;
  callerHash: string;
}): SQL {
  return sql`
    select s.id as slot_id, s.available_at, h.status as host_status, line.*
    from host_numbers h
    join slots s on s.host_id = h.id and s.extension = ${extension}
    left join lateral (
      select b.id as binding_id, b.order_id, b.buyer_id, b.ends_at, b.ended_at, b.end_reason, b.cool_until,
             b.extensions, o.item, m.names as merchant_names, m.phone as merchant_phone,
             c.names as courier_names, c.phone as courier_phone, u.phone_ciphertext,
             exists (select 1 from blocked_callers bc where bc.binding_id = b.id and bc.caller_hash = ${callerHash}) as blocked
      from bindings b
      join orders o on o.id = b.order_id
      join merchants m on m.id = o.merchant_id
      left join couriers c on c.id = o.courier_id
      join users u on u.id = b.buyer_id
      where b.slot_id = s.id and b.bound_at <= ${now.toISOString()}::timestamptz
      order by b.bound_at desc
      limit 1
      for share of b
    ) line on true
    where h.number = ${host}
    limit 1`;
}

/** A jsonb column of a raw query: parsed by one driver, a string from the other. */
const jsonValue = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
const date = (value: unknown) => (value == null ? null : new Date(value as string | Date));

async function lookup(tx: Tx, input: { host: string; extension: string; now: Date; callerHash: string }) {
  const [row] = resultRows<Record<string, unknown>>(await tx.execute(contactLookup(input)));
  if (!row) return null;
  const lookup: Lookup = {
    slotId: String(row.slot_id),
    availableAt: date(row.available_at),
    hostStatus: row.host_status as string,
    line:
      row.binding_id == null
        ? null
        : {
            bindingId: row.binding_id as string,
            orderId: row.order_id as string,
            buyerId: row.buyer_id as string,
            endsAt: date(row.ends_at),
            endedAt: date(row.ended_at),
            endReason: row.end_reason as EndReason | null,
            coolUntil: date(row.cool_until),
            extensions: Number(row.extensions),
            item: row.item as string,
            merchantNames: jsonValue(row.merchant_names) as LocalNames,
            merchantPhone: row.merchant_phone as string,
            courierNames: jsonValue(row.courier_names) as LocalNames | null,
            courierPhone: row.courier_phone as string | null,
            phoneCiphertext: row.phone_ciphertext as string,
            blocked: row.blocked === true,
          },
  };
  return lookup;
}

type ContactExtra = { text?: string; notice?: PickupNotice };

/**
 * The decision inside the caller's transaction. It throws on any error: callers that answer a provider
 * go through `runFailClosed`, which turns every failure into a rejection and rolls everything back.
 */
export async function decideContactIn(tx: Tx, input: ContactInput, extra: ContactExtra = {}): Promise<RelayDecision> {
  const channel = input.channel ?? "call";
  const host = normalizeCnMobile(input.host);
  if (!host || !/^\d{1,4}$/.test(input.extension)) return { action: "reject", reason: "unknown" };
  const caller = normalizeCaller(input.caller);
  const callerHash = phoneHash(caller.key);
  const slot = await lookup(tx, { host, extension: input.extension, now: input.now, callerHash });
  if (!slot) return { action: "reject", reason: "unknown" };
  const line = slot.line;
  if (!line) {
    const cooling = slot.availableAt !== null && slot.availableAt.getTime() > input.now.getTime();
    return { action: "reject", reason: cooling ? "cooling" : "unknown" };
  }

  const state = lineState(line, input.now);
  if (state.kind !== "active" && line.coolUntil && input.now.getTime() >= line.coolUntil.getTime()) {
    return { action: "reject", reason: "unknown" };
  }
  let reason: ContactRejectReason | null = null;
  if (state.kind === "ended") reason = "ended";
  else if (state.kind === "expired") reason = "expired";
  else if (slot.hostStatus === "locked") reason = "locked";
  else if (line.blocked) reason = "blocked";

  const kind = callerKind(caller, line.merchantPhone, line.courierPhone);
  let to: string | null = null;
  if (!reason) {
    const national = decryptPhone(line.phoneCiphertext, line.buyerId);
    if (!/^1[3-9]\d{9}$/.test(national)) throw new Error("the buyer's number did not decrypt to a mobile number");
    to = toE164Cn(national);
  }
  const [event] = await tx
    .insert(contactEvents)
    .values({
      bindingId: line.bindingId,
      orderId: line.orderId,
      buyerId: line.buyerId,
      at: input.now,
      channel,
      callerMasked: caller.masked,
      callerHash,
      callerKind: kind,
      outcome: reason ? "rejected" : "forwarded",
      reason,
      messageText: channel === "message" ? (extra.text ?? "").slice(0, MAX_MESSAGE_CHARS) : null,
      pickupCode:
        channel === "message"
          ? extra.notice && extra.notice.codes.length > 0
            ? extra.notice.codes.join(", ")
            : null
          : null,
      station: channel === "message" ? (extra.notice?.station ?? null) : null,
    })
    .returning({ id: contactEvents.id });

  const logged = { orderId: line.orderId, bindingId: line.bindingId, contactEventId: event.id };
  if (reason || !to) return { action: "reject", reason: reason ?? "unavailable", ...logged };
  const about: About = {
    channel,
    callerKind: kind,
    item: line.item,
    merchant: line.merchantNames,
    courier: line.courierNames,
  };
  return { action: "forward", to, about, ...logged, callerKind: kind };
}

/** A message through the relay, inside the caller's transaction: the same decision, with the pickup code picked out. */
export async function recordMessageIn(tx: Tx, input: MessageInput): Promise<MessageDecision> {
  const text = input.text.slice(0, MAX_MESSAGE_CHARS);
  const notice = parsePickupNotice(text, input.now);
  const decision = await decideContactIn(
    tx,
    { host: input.host, extension: input.extension, caller: input.sender, now: input.now, channel: "message" },
    { text, notice },
  );
  const stored = decision.contactEventId !== undefined;
  // Only a forwarded notice moves a parcel: one to an ended line or from a blocked sender stays in the log.
  const parcelId =
    decision.action === "forward"
      ? await applyNoticeToOrderIn(tx, { orderId: decision.orderId, notice, now: input.now })
      : null;
  return {
    ...decision,
    parcelId,
    pickupCode: stored && notice.codes.length > 0 ? notice.codes.join(", ") : null,
    station: stored ? notice.station : null,
  };
}

class DecisionTimeout extends Error {}

function failureCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.constructor.name : typeof error;
}

/**
 * Runs `work` in one transaction under a deadline, failing closed: any error, or the deadline passing,
 * answers `fallback`, and nothing the work wrote is committed (the deadline is checked again just
 * before commit, so a late success rolls back instead of contradicting the answer already given).
 */
export async function runFailClosed<T>(
  db: Executor,
  work: (tx: Tx) => Promise<T>,
  fallback: T,
  timeoutMs = settings.relayDecisionTimeoutMs,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  // Exactly one of these happens: the timer answers `fallback` (and the work then rolls back), or the
  // work passes its last check before commit (and the timer then leaves the answer to it).
  let answeredByTimer = false;
  let committing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      if (committing) return;
      answeredByTimer = true;
      console.warn(`[relay] decision timed out after ${timeoutMs} ms: rejected`);
      resolve(fallback);
    }, timeoutMs);
  });
  const attempt = Promise.resolve()
    .then(() =>
      db.transaction(async (tx) => {
        const limit = String(Math.ceil(timeoutMs));
        await tx.execute(
          sql`select set_config('statement_timeout', ${limit}, true), set_config('lock_timeout', ${limit}, true)`,
        );
        const value = await work(tx);
        if (answeredByTimer || performance.now() > deadline) throw new DecisionTimeout("deadline passed before commit");
        committing = true;
        return value;
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof DecisionTimeout))
        console.error(`[relay] decision failed (${failureCode(error)}): rejected`);
      return fallback;
    });
  try {
    return await Promise.race([attempt, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Where a call to a special line goes, logged on its order. Fails closed: any doubt is a rejection. */
export async function decideCall(db: Executor, input: ContactInput): Promise<RelayDecision> {
  return runFailClosed(db, (tx) => decideContactIn(tx, input), UNAVAILABLE);
}

/** A message or pickup notice to a special line: stored on its order with any pickup code, forwarded or rejected by the same rules. */
export async function recordMessage(db: Executor, input: MessageInput): Promise<MessageDecision> {
  return runFailClosed(db, (tx) => recordMessageIn(tx, input), { ...UNAVAILABLE, pickupCode: null, station: null });
}
