import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { DEFAULT_LOCALE, type Locale } from "../i18n/config";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** `column in ('a', 'b', …)` from a state list, so each list is written once: its CHECK is built from it. */
function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((value) => `'${value}'`).join(", "))})`;
}

export const USER_ROLES = ["buyer", "operator"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    /** AES-256-GCM of the 11-digit mobile, with the row id as associated data. */
    phoneCiphertext: text("phone_ciphertext").notNull(),
    /** HMAC-SHA256 of the 11-digit mobile under its own key: uniqueness and sign-in lookup. */
    phoneHash: text("phone_hash").notNull(),
    phoneMasked: text("phone_masked").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<UserRole>().notNull().default("buyer"),
    createdAt: at("created_at").notNull().defaultNow(),
    /** Set when the buyer deleted the account: the row is then a tombstone with no personal data. */
    deletedAt: at("deleted_at"),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_phone_hash_key").on(t.phoneHash),
    check("users_role_check", oneOf(t.role, USER_ROLES)),
    check("users_email_lower_check", sql`${t.email} = lower(${t.email})`),
  ],
);
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: at("created_at").notNull().defaultNow(),
    expiresAt: at("expires_at").notNull(),
    revokedAt: at("revoked_at"),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId)],
);
export type AuthSession = typeof authSessions.$inferSelect;

/** One password-reset link: only the SHA-256 of its token is kept; used once, within its lifetime. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: at("created_at").notNull().defaultNow(),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/** Mail written in demo mode with no SMTP server configured, shown at /dev/outbox. */
export const mailOutbox = pgTable("mail_outbox", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  createdAt: at("created_at").notNull().defaultNow(),
});

/** Names for people, keyed by locale (`{ "en": "…", "zh-CN": "…" }`), read through `localName`: the default locale's is required. */
export type LocalNames = Partial<Record<Locale, string>> & Record<typeof DEFAULT_LOCALE, string>;
/** Text given in some locales only (an order's item); the plain column beside it is the fallback. */
export type LocalizedText = Partial<Record<Locale, string>>;
const localNames = () => jsonb("names").$type<LocalNames>().notNull();
const defaultName = (names: AnyPgColumn) => sql`(${names} ->> ${sql.raw(`'${DEFAULT_LOCALE}'`)})`;
const hasDefaultName = (names: AnyPgColumn) =>
  sql`coalesce(jsonb_typeof(${names} -> ${sql.raw(`'${DEFAULT_LOCALE}'`)}) = 'string', false)`;

export const merchants = pgTable(
  "merchants",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    names: localNames(),
    /** A business number, public: the relay recognises the merchant by it. */
    phone: text("phone").notNull(),
  },
  (t) => [
    uniqueIndex("merchants_default_name_key").on(defaultName(t.names)),
    check("merchants_names_check", hasDefaultName(t.names)),
  ],
);
export type Merchant = typeof merchants.$inferSelect;

export const couriers = pgTable(
  "couriers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    names: localNames(),
    phone: text("phone").notNull(),
  },
  (t) => [
    uniqueIndex("couriers_default_name_key").on(defaultName(t.names)),
    check("couriers_names_check", hasDefaultName(t.names)),
  ],
);
export type Courier = typeof couriers.$inferSelect;

export const ORDER_STATUSES = [
  "awaiting_shipment",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** real_number: the waybill carries the real number; protected: a live or past line; pending: wanted but the pool was exhausted. */
export const PROTECTION_STATES = ["real_number", "protected", "pending"] as const;
export type ProtectionState = (typeof PROTECTION_STATES)[number];

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderNo: text("order_no").notNull().unique(),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    merchantId: integer("merchant_id")
      .notNull()
      .references(() => merchants.id),
    courierId: integer("courier_id").references(() => couriers.id),
    item: text("item").notNull(),
    /** The item as written in other languages, where it was (the demo data); `item` is the fallback. */
    itemNames: jsonb("item_names").$type<LocalizedText>(),
    amountCents: integer("amount_cents").notNull(),
    recipientName: text("recipient_name").notNull(),
    address: text("address").notNull(),
    addressNames: jsonb("address_names").$type<LocalizedText>(),
    trackingNumber: text("tracking_number"),
    status: text("status").$type<OrderStatus>().notNull().default("awaiting_shipment"),
    protection: text("protection").$type<ProtectionState>().notNull().default("real_number"),
    placedAt: at("placed_at").notNull(),
    shippedAt: at("shipped_at"),
    deliveredAt: at("delivered_at"),
    completedAt: at("completed_at"),
    cancelledAt: at("cancelled_at"),
  },
  (t) => [
    index("orders_buyer_placed_idx").on(t.buyerId, t.placedAt.desc(), t.id.desc()),
    check("orders_status_check", oneOf(t.status, ORDER_STATUSES)),
    check("orders_protection_check", oneOf(t.protection, PROTECTION_STATES)),
    // A completed order has its completion; a refund after it (after-sales) keeps it.
    check(
      "orders_completed_at_check",
      sql`(${t.status} <> 'completed' or ${t.completedAt} is not null) and (${t.completedAt} is null or ${t.status} in ('completed', 'refunded'))`,
    ),
    check(
      "orders_cancelled_at_check",
      sql`(${t.status} in ('cancelled', 'refunded')) = (${t.cancelledAt} is not null)`,
    ),
    check("orders_amount_check", sql`${t.amountCents} >= 0`),
  ],
);
export type Order = typeof orders.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;

export const HOST_STATUSES = ["active", "retired", "locked"] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export const hostNumbers = pgTable(
  "host_numbers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    number: text("number").notNull().unique(),
    status: text("status").$type<HostStatus>().notNull().default("active"),
    /** Digits of this host's extensions: 4 for today's pools and fixed lines, 1–3 for Alibaba's mobile AXN extension hosts. */
    extensionWidth: integer("extension_width").notNull().default(4),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    check("host_numbers_status_check", oneOf(t.status, HOST_STATUSES)),
    check("host_numbers_extension_width_check", sql`${t.extensionWidth} between 1 and 4`),
    check("host_numbers_number_check", sql`${t.number} ~ '^1[3-9][0-9]{9}$'`),
  ],
);
export type HostNumber = typeof hostNumbers.$inferSelect;

/**
 * A slot is a host number plus an extension of its host's width (4 digits in today's pools). `availableAt` mirrors the pool state for fast
 * allocation: null while a line holds it with no known end, else the instant its cool-down is over.
 */
export const slots = pgTable(
  "slots",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    hostId: integer("host_id")
      .notNull()
      .references(() => hostNumbers.id),
    extension: varchar("extension", { length: 4 }).notNull(),
    randKey: integer("rand_key").notNull(),
    availableAt: at("available_at").default(sql`'1970-01-01T00:00:00Z'`),
  },
  (t) => [
    uniqueIndex("slots_host_extension_key").on(t.hostId, t.extension),
    index("slots_rand_key_idx").on(t.randKey),
    check("slots_extension_check", sql`${t.extension} ~ '^[0-9]{1,4}$'`),
  ],
);
export type Slot = typeof slots.$inferSelect;

export const END_REASONS = [
  "ended_early",
  "order_cancelled",
  "order_refunded",
  "protection_off",
  "account_deleted",
] as const;
export type EndReason = (typeof END_REASONS)[number];

/**
 * Whether a line asked for the buyer's own last four got them: `met`, `missed` (none of those slots was
 * free, so it ends in other digits), or null when the buyer did not ask.
 */
export const OWN_DIGITS = ["met", "missed"] as const;
export type OwnDigits = (typeof OWN_DIGITS)[number];

export const bindings = pgTable(
  "bindings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slotId: bigint("slot_id", { mode: "number" })
      .notNull()
      .references(() => slots.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    boundAt: at("bound_at").notNull(),
    /** When the line stops working on its own: completion + lifetime (+ extensions). Null while the order is open. */
    endsAt: at("ends_at"),
    /** Set when the line was ended before `endsAt` (by the buyer, a cancellation, ...). */
    endedAt: at("ended_at"),
    endReason: text("end_reason").$type<EndReason>(),
    /** Until when the number cools down after the line stops working. Known once the end is known. */
    coolUntil: at("cool_until"),
    extensions: integer("extensions").notNull().default(0),
    /** True until the slot is handed to a later binding. */
    holdsSlot: boolean("holds_slot").notNull().default(true),
    ownDigits: text("own_digits").$type<OwnDigits>(),
  },
  (t) => [
    uniqueIndex("bindings_one_holder_per_slot").on(t.slotId).where(sql`${t.holdsSlot}`),
    uniqueIndex("bindings_one_open_per_order").on(t.orderId).where(sql`${t.endedAt} is null`),
    index("bindings_slot_idx").on(t.slotId, t.coolUntil),
    index("bindings_order_idx").on(t.orderId, t.boundAt),
    index("bindings_buyer_idx").on(t.buyerId),
    index("bindings_bound_at_idx").on(t.boundAt),
    check("bindings_release_check", sql`${t.holdsSlot} or ${t.coolUntil} is not null`),
    check("bindings_end_reason_check", sql`(${t.endedAt} is null) = (${t.endReason} is null)`),
    check("bindings_end_reason_values_check", sql`${t.endReason} is null or ${oneOf(t.endReason, END_REASONS)}`),
    check("bindings_extensions_check", sql`${t.extensions} >= 0`),
    check("bindings_own_digits_check", sql`${t.ownDigits} is null or ${oneOf(t.ownDigits, OWN_DIGITS)}`),
    check(
      "bindings_cool_after_end_check",
      sql`${t.coolUntil} is null or ${t.coolUntil} >= coalesce(${t.endedAt}, ${t.endsAt})`,
    ),
  ],
);
export type Binding = typeof bindings.$inferSelect;
export type NewBinding = typeof bindings.$inferInsert;

export const protectionSettings = pgTable("protection_settings", {
  buyerId: uuid("buyer_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  enabled: boolean("enabled").notNull().default(false),
  /** Lines should end in the buyer's own last four (matched on `users.phone_masked`, never the full number). */
  ownLastFour: boolean("own_last_four").notNull().default(false),
  updatedAt: at("updated_at").notNull().defaultNow(),
});

export const rolloutSettings = pgTable(
  "rollout_settings",
  {
    id: integer("id").primaryKey().default(1),
    percentage: integer("percentage").notNull().default(0),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check("rollout_settings_singleton_check", sql`${t.id} = 1`),
    check("rollout_settings_percentage_check", sql`${t.percentage} between 0 and 100`),
  ],
);

/** Accounts named by the operator: `allow` joins the test early, `hold_out` stays out whatever the percentage (a control group). */
export const ROLLOUT_LISTS = ["allow", "hold_out"] as const;
export type RolloutList = (typeof ROLLOUT_LISTS)[number];

export const rolloutAccounts = pgTable(
  "rollout_accounts",
  {
    email: text("email").primaryKey(),
    list: text("list").$type<RolloutList>().notNull(),
    addedAt: at("added_at").notNull().defaultNow(),
  },
  (t) => [check("rollout_accounts_list_check", oneOf(t.list, ROLLOUT_LISTS))],
);

export const notifyRequests = pgTable("notify_requests", {
  buyerId: uuid("buyer_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  requestedAt: at("requested_at").notNull(),
});

export const ACTIVITY_KINDS = [
  "protection_on",
  "protection_off_keep",
  "protection_off_end",
  "order_protected",
  "line_ended",
  "line_extended",
  "notify_requested",
  "own_last_four_on",
  "own_last_four_off",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const activityEvents = pgTable(
  "activity_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ActivityKind>().notNull(),
    orderId: uuid("order_id").references(() => orders.id, { onDelete: "set null" }),
    detail: jsonb("detail").$type<Record<string, string | number>>(),
    at: at("at").notNull(),
  },
  (t) => [index("activity_events_buyer_idx").on(t.buyerId, t.at.desc(), t.id.desc())],
);
export type ActivityEvent = typeof activityEvents.$inferSelect;

export const CONTACT_CHANNELS = ["call", "message"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CALLER_KINDS = ["merchant", "courier", "unknown"] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];
export const CONTACT_OUTCOMES = ["forwarded", "rejected"] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
/** Reasons a contact that reached an order's line was rejected (the relay's other reasons have no order to log on). */
export const CONTACT_REJECT_REASONS = ["ended", "expired", "blocked", "locked"] as const;
export type ContactRejectReason = (typeof CONTACT_REJECT_REASONS)[number];

/**
 * A call or message that reached an order's line through the relay. The caller's number is kept only
 * masked, plus a keyed hash so it can be matched (blocking) and purged later.
 */
export const contactEvents = pgTable(
  "contact_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    bindingId: uuid("binding_id")
      .notNull()
      .references(() => bindings.id, { onDelete: "cascade" }),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    at: at("at").notNull(),
    channel: text("channel").$type<ContactChannel>().notNull(),
    callerMasked: text("caller_masked").notNull(),
    callerHash: text("caller_hash").notNull(),
    callerKind: text("caller_kind").$type<CallerKind>().notNull(),
    outcome: text("outcome").$type<ContactOutcome>().notNull(),
    reason: text("reason").$type<ContactRejectReason>(),
    messageText: text("message_text"),
    pickupCode: text("pickup_code"),
    station: text("station"),
    pickedUpAt: at("picked_up_at"),
  },
  (t) => [
    index("contact_events_order_idx").on(t.orderId, t.at.desc(), t.id.desc()),
    index("contact_events_binding_idx").on(t.bindingId, t.callerHash),
    index("contact_events_pickup_idx").on(t.buyerId, t.at.desc()).where(sql`${t.pickupCode} is not null`),
    index("contact_events_caller_idx").on(t.callerHash),
    check("contact_events_channel_check", oneOf(t.channel, CONTACT_CHANNELS)),
    check("contact_events_caller_kind_check", oneOf(t.callerKind, CALLER_KINDS)),
    check("contact_events_outcome_check", oneOf(t.outcome, CONTACT_OUTCOMES)),
    check(
      "contact_events_reason_check",
      sql`(${t.outcome} = 'forwarded' and ${t.reason} is null) or (${t.outcome} = 'rejected' and ${oneOf(t.reason, CONTACT_REJECT_REASONS)})`,
    ),
    check("contact_events_message_check", sql`${t.channel} = 'message' or ${t.messageText} is null`),
    check("contact_events_pickup_check", sql`${t.pickupCode} is not null or ${t.pickedUpAt} is null`),
  ],
);
export type ContactEvent = typeof contactEvents.$inferSelect;
export type NewContactEvent = typeof contactEvents.$inferInsert;

/** A caller the buyer blocked on one line; the line keeps working for everyone else. */
export const blockedCallers = pgTable(
  "blocked_callers",
  {
    bindingId: uuid("binding_id")
      .notNull()
      .references(() => bindings.id, { onDelete: "cascade" }),
    callerHash: text("caller_hash").notNull(),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    callerMasked: text("caller_masked").notNull(),
    blockedAt: at("blocked_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "blocked_callers_pkey", columns: [t.bindingId, t.callerHash] }),
    index("blocked_callers_caller_idx").on(t.callerHash),
  ],
);
export type BlockedCaller = typeof blockedCallers.$inferSelect;

/**
 * Webhook deliveries already answered, per provider: a repeated id gets the stored first answer and
 * writes nothing new, across processes. A forward target in `response` is stored sealed, never in clear.
 */
export const relayWebhooks = pgTable(
  "relay_webhooks",
  {
    provider: text("provider").notNull(),
    webhookId: text("webhook_id").notNull(),
    requestHash: text("request_hash").notNull(),
    response: jsonb("response").$type<Record<string, unknown>>().notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "relay_webhooks_pkey", columns: [t.provider, t.webhookId] }),
    index("relay_webhooks_created_idx").on(t.createdAt),
  ],
);
export type RelayWebhook = typeof relayWebhooks.$inferSelect;

/**
 * Fixed-window attempt counters for sign-in and sign-up, shared by every process. `key` is a keyed
 * hash of the bucket (action, account or IP), so no identifier is stored in clear.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: at("window_start").notNull(),
    count: integer("count").notNull(),
    /** The latest counted attempt: progressive buckets measure their delay from it. */
    lastAt: at("last_at").notNull().defaultNow(),
  },
  (t) => [index("rate_limits_window_idx").on(t.windowStart), check("rate_limits_count_check", sql`${t.count} >= 0`)],
);
export type RateLimit = typeof rateLimits.$inferSelect;

export const OPERATOR_EVENT_KINDS = [
  "rollout_percentage",
  "rollout_list_add",
  "rollout_list_remove",
  "host_added",
  "host_status",
] as const;
export type OperatorEventKind = (typeof OPERATOR_EVENT_KINDS)[number];

/**
 * Every change an operator makes (rollout, host numbers), with who and when. Buyer emails in
 * `detail` are kept masked, so erasing an account leaves nothing identifying here.
 */
export const operatorEvents = pgTable(
  "operator_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").$type<OperatorEventKind>().notNull(),
    detail: jsonb("detail").$type<Record<string, string | number>>().notNull(),
    at: at("at").notNull(),
  },
  (t) => [
    index("operator_events_at_idx").on(t.at.desc(), t.id.desc()),
    check("operator_events_kind_check", oneOf(t.kind, OPERATOR_EVENT_KINDS)),
  ],
);
export type OperatorEvent = typeof operatorEvents.$inferSelect;

/** on_the_way: shipped, no notice yet; at_station: a notice said it waits (with or without a code); picked_up. */
export const PARCEL_STATES = ["on_the_way", "at_station", "picked_up"] as const;
export type ParcelState = (typeof PARCEL_STATES)[number];

/**
 * One shipment: an order plus its tracking number. It keeps what the waybill at the station carries
 * (the last four of the number printed on it) even after that line has ended.
 */
export const parcels = pgTable(
  "parcels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    trackingNumber: text("tracking_number").notNull(),
    /** The line printed on the waybill when it shipped; null when the waybill carries the real number. */
    bindingId: uuid("binding_id").references(() => bindings.id, { onDelete: "set null" }),
    /** The last four of the number on the waybill, as printed. */
    waybillLastFour: char("waybill_last_four", { length: 4 }).notNull(),
    state: text("state").$type<ParcelState>().notNull().default("on_the_way"),
    station: text("station"),
    codes: text("codes").array().notNull().default(sql`'{}'::text[]`),
    shippedAt: at("shipped_at").notNull(),
    arrivedAt: at("arrived_at"),
    deadlineText: text("deadline_text"),
    deadlineAt: at("deadline_at"),
    pickedUpAt: at("picked_up_at"),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("parcels_order_tracking_key").on(t.orderId, t.trackingNumber),
    index("parcels_buyer_state_idx").on(t.buyerId, t.state),
    check("parcels_state_check", oneOf(t.state, PARCEL_STATES)),
    check("parcels_last_four_check", sql`${t.waybillLastFour} ~ '^[0-9]{4}$'`),
    check("parcels_picked_up_check", sql`(${t.state} = 'picked_up') = (${t.pickedUpAt} is not null)`),
    check("parcels_arrived_check", sql`${t.state} = 'on_the_way' or ${t.arrivedAt} is not null`),
  ],
);
export type Parcel = typeof parcels.$inferSelect;
export type NewParcel = typeof parcels.$inferInsert;

export const JOB_STATES = ["pending", "done", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * Work done after a commit, written in the same transaction as the change that causes it (a reminder,
 * a command to the telephony provider). A worker claims due rows with a lease (`locked_until`) under
 * `FOR UPDATE SKIP LOCKED`, so several instances never take the same row at once. `key` dedupes per
 * kind while a job is pending.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    key: text("key"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    state: text("state").$type<JobState>().notNull().default("pending"),
    runAt: at("run_at").notNull(),
    lockedUntil: at("locked_until"),
    attempts: integer("attempts").notNull().default(0),
    /** The last failure's class and message, digits runs masked: never a number or a secret. */
    lastError: text("last_error"),
    createdAt: at("created_at").notNull(),
    finishedAt: at("finished_at"),
  },
  (t) => [
    index("jobs_due_idx").on(t.runAt).where(sql`${t.state} = 'pending'`),
    uniqueIndex("jobs_pending_key").on(t.kind, t.key).where(sql`${t.state} = 'pending' and ${t.key} is not null`),
    index("jobs_kind_state_idx").on(t.kind, t.state),
    check("jobs_state_check", oneOf(t.state, JOB_STATES)),
    check("jobs_attempts_check", sql`${t.attempts} >= 0`),
    check("jobs_finished_check", sql`(${t.state} = 'pending') = (${t.finishedAt} is null)`),
  ],
);
export type JobRow = typeof jobs.$inferSelect;

export const PROVIDER_STATES = ["connecting", "bound", "unbound", "failed"] as const;
/** connecting: a bind is queued or under way; bound: the provider confirmed it; unbound: gone there; failed: gave up. */
export type ProviderState = (typeof PROVIDER_STATES)[number];

/**
 * What a routing provider (Alibaba's AXN extension) holds for each of our lines, keyed by the binding
 * id we send as `OutId`. No foreign key: the row outlives a binding deleted with its account, so the
 * unbind can still be sent. `leaseUntil` serialises the commands of one line across workers.
 */
export const providerBindings = pgTable(
  "provider_bindings",
  {
    bindingId: uuid("binding_id").primaryKey(),
    host: text("host").notNull(),
    extension: varchar("extension", { length: 4 }).notNull(),
    state: text("state").$type<ProviderState>().notNull().default("connecting"),
    subsId: text("subs_id"),
    /** The expiration the provider holds, once confirmed. */
    expiration: at("expiration"),
    /** Set before a bind is sent: a bind may have reached the provider even when its answer did not come. */
    bindSentAt: at("bind_sent_at"),
    leaseUntil: at("lease_until"),
    /** Failed sends in a row (the retry backoff grows with it); 0 after a success. */
    failures: integer("failures").notNull().default(0),
    /** The last failure's code only (an API or network code): never a request parameter. */
    lastError: text("last_error"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    check("provider_bindings_failures_check", sql`${t.failures} >= 0`),
    check("provider_bindings_state_check", oneOf(t.state, PROVIDER_STATES)),
    index("provider_bindings_state_idx").on(t.state),
  ],
);
export type ProviderBinding = typeof providerBindings.$inferSelect;

export const REMINDER_KINDS = ["code_arrived", "line_stopping", "parcel_waiting"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** A browser's Web Push subscription for a buyer (one a device and browser). Dropped when the push service says it is gone. */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    /** The language the reminders to this browser are written in (the buyer's when subscribing). */
    locale: text("locale").$type<Locale>().notNull().default(DEFAULT_LOCALE),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("push_subscriptions_endpoint_key").on(t.endpoint),
    index("push_subscriptions_buyer_idx").on(t.buyerId),
  ],
);
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** What a buyer wants to be reminded of, and when not (quiet hours, minutes from midnight China time). */
export const reminderSettings = pgTable(
  "reminder_settings",
  {
    buyerId: uuid("buyer_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    codeArrived: boolean("code_arrived").notNull().default(true),
    lineStopping: boolean("line_stopping").notNull().default(true),
    parcelWaiting: boolean("parcel_waiting").notNull().default(true),
    quietStart: integer("quiet_start")
      .notNull()
      .default(22 * 60),
    quietEnd: integer("quiet_end")
      .notNull()
      .default(8 * 60),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    check(
      "reminder_settings_quiet_check",
      sql`${t.quietStart} between 0 and 1439 and ${t.quietEnd} between 0 and 1439`,
    ),
  ],
);

/**
 * A reminder for a buyer: shown in the bell, and pushed to each subscription by a `reminder.push` job
 * written in the same transaction. `key` makes one cause remind once (a parcel's code, a line's end).
 * `params` holds what the text needs (a code, a station, an item), never a number.
 */
export const reminders = pgTable(
  "reminders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ReminderKind>().notNull(),
    key: text("key").notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull(),
    url: text("url").notNull(),
    createdAt: at("created_at").notNull(),
    readAt: at("read_at"),
  },
  (t) => [
    uniqueIndex("reminders_buyer_key").on(t.buyerId, t.key),
    index("reminders_buyer_created_idx").on(t.buyerId, t.createdAt),
    check("reminders_kind_check", oneOf(t.kind, REMINDER_KINDS)),
  ],
);
export type Reminder = typeof reminders.$inferSelect;
