ALTER TABLE "orders" ADD COLUMN "item_names" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "address_names" jsonb;