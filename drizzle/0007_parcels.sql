CREATE TABLE "parcels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"tracking_number" text NOT NULL,
	"binding_id" uuid,
	"waybill_last_four" char(4) NOT NULL,
	"state" text DEFAULT 'on_the_way' NOT NULL,
	"station" text,
	"codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"shipped_at" timestamp with time zone NOT NULL,
	"arrived_at" timestamp with time zone,
	"deadline_text" text,
	"deadline_at" timestamp with time zone,
	"picked_up_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "parcels_state_check" CHECK ("parcels"."state" in ('on_the_way', 'at_station', 'picked_up')),
	CONSTRAINT "parcels_last_four_check" CHECK ("parcels"."waybill_last_four" ~ '^[0-9]{4}$'),
	CONSTRAINT "parcels_picked_up_check" CHECK (("parcels"."state" = 'picked_up') = ("parcels"."picked_up_at" is not null)),
	CONSTRAINT "parcels_arrived_check" CHECK ("parcels"."state" = 'on_the_way' or "parcels"."arrived_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "item_names" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "address_names" jsonb;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_binding_id_bindings_id_fk" FOREIGN KEY ("binding_id") REFERENCES "public"."bindings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "parcels_order_tracking_key" ON "parcels" USING btree ("order_id","tracking_number");--> statement-breakpoint
CREATE INDEX "parcels_buyer_state_idx" ON "parcels" USING btree ("buyer_id","state");--> statement-breakpoint
-- Orders shipped before parcels existed get theirs: the waybill carries the line bound when it shipped, else the real number.
INSERT INTO "parcels" ("order_id", "buyer_id", "tracking_number", "binding_id", "waybill_last_four", "state", "shipped_at", "arrived_at", "picked_up_at", "updated_at")
SELECT o.id, o.buyer_id, o.tracking_number, line.id,
       coalesce(line.last_four, right(u.phone_masked, 4)),
       CASE WHEN o.status = 'completed' THEN 'picked_up' ELSE 'on_the_way' END,
       coalesce(o.shipped_at, o.placed_at),
       CASE WHEN o.status = 'completed' THEN o.completed_at END,
       CASE WHEN o.status = 'completed' THEN o.completed_at END,
       coalesce(o.shipped_at, o.placed_at)
FROM "orders" o
JOIN "users" u ON u.id = o.buyer_id
LEFT JOIN LATERAL (
  SELECT b.id, s.extension AS last_four FROM "bindings" b JOIN "slots" s ON s.id = b.slot_id
  WHERE b.order_id = o.id AND b.bound_at <= coalesce(o.shipped_at, o.placed_at)
  ORDER BY b.bound_at DESC LIMIT 1
) line ON true
WHERE o.tracking_number IS NOT NULL AND right(u.phone_masked, 4) ~ '^[0-9]{4}$'
ON CONFLICT DO NOTHING;
