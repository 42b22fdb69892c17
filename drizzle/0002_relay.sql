CREATE TABLE "blocked_callers" (
	"binding_id" uuid NOT NULL,
	"caller_hash" text NOT NULL,
	"buyer_id" uuid NOT NULL,
	"caller_masked" text NOT NULL,
	"blocked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "blocked_callers_pkey" PRIMARY KEY("binding_id","caller_hash")
);
--> statement-breakpoint
CREATE TABLE "contact_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contact_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"binding_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"caller_masked" text NOT NULL,
	"caller_hash" text NOT NULL,
	"caller_kind" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"message_text" text,
	"pickup_code" text,
	"station" text,
	"picked_up_at" timestamp with time zone,
	CONSTRAINT "contact_events_channel_check" CHECK ("contact_events"."channel" in ('call', 'message')),
	CONSTRAINT "contact_events_caller_kind_check" CHECK ("contact_events"."caller_kind" in ('merchant', 'courier', 'unknown')),
	CONSTRAINT "contact_events_outcome_check" CHECK ("contact_events"."outcome" in ('forwarded', 'rejected')),
	CONSTRAINT "contact_events_reason_check" CHECK (("contact_events"."outcome" = 'forwarded' and "contact_events"."reason" is null) or ("contact_events"."outcome" = 'rejected' and "contact_events"."reason" in ('ended', 'expired', 'blocked', 'locked'))),
	CONSTRAINT "contact_events_message_check" CHECK ("contact_events"."channel" = 'message' or "contact_events"."message_text" is null),
	CONSTRAINT "contact_events_pickup_check" CHECK ("contact_events"."pickup_code" is not null or "contact_events"."picked_up_at" is null)
);
--> statement-breakpoint
CREATE TABLE "relay_webhooks" (
	"provider" text NOT NULL,
	"webhook_id" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "relay_webhooks_pkey" PRIMARY KEY("provider","webhook_id")
);
--> statement-breakpoint
ALTER TABLE "blocked_callers" ADD CONSTRAINT "blocked_callers_binding_id_bindings_id_fk" FOREIGN KEY ("binding_id") REFERENCES "public"."bindings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocked_callers" ADD CONSTRAINT "blocked_callers_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_events" ADD CONSTRAINT "contact_events_binding_id_bindings_id_fk" FOREIGN KEY ("binding_id") REFERENCES "public"."bindings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_events" ADD CONSTRAINT "contact_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_events" ADD CONSTRAINT "contact_events_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blocked_callers_caller_idx" ON "blocked_callers" USING btree ("caller_hash");--> statement-breakpoint
CREATE INDEX "contact_events_order_idx" ON "contact_events" USING btree ("order_id","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contact_events_binding_idx" ON "contact_events" USING btree ("binding_id","caller_hash");--> statement-breakpoint
CREATE INDEX "contact_events_pickup_idx" ON "contact_events" USING btree ("buyer_id","at" DESC NULLS LAST) WHERE "contact_events"."pickup_code" is not null;--> statement-breakpoint
CREATE INDEX "contact_events_caller_idx" ON "contact_events" USING btree ("caller_hash");--> statement-breakpoint
CREATE INDEX "relay_webhooks_created_idx" ON "relay_webhooks" USING btree ("created_at");