ALTER TABLE "bindings" ADD COLUMN "own_digits" text;--> statement-breakpoint
ALTER TABLE "protection_settings" ADD COLUMN "own_last_four" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_own_digits_check" CHECK ("bindings"."own_digits" is null or "bindings"."own_digits" in ('met', 'missed'));