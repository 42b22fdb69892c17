CREATE TABLE "provider_bindings" (
	"binding_id" uuid PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"extension" varchar(4) NOT NULL,
	"state" text DEFAULT 'connecting' NOT NULL,
	"subs_id" text,
	"expiration" timestamp with time zone,
	"bind_sent_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provider_bindings_failures_check" CHECK ("provider_bindings"."failures" >= 0),
	CONSTRAINT "provider_bindings_state_check" CHECK ("provider_bindings"."state" in ('connecting', 'bound', 'unbound', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "slots" DROP CONSTRAINT "slots_extension_check";--> statement-breakpoint
ALTER TABLE "slots" ALTER COLUMN "extension" SET DATA TYPE varchar(4);--> statement-breakpoint
ALTER TABLE "host_numbers" ADD COLUMN "extension_width" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
CREATE INDEX "provider_bindings_state_idx" ON "provider_bindings" USING btree ("state");--> statement-breakpoint
ALTER TABLE "host_numbers" ADD CONSTRAINT "host_numbers_extension_width_check" CHECK ("host_numbers"."extension_width" between 1 and 4);--> statement-breakpoint
ALTER TABLE "slots" ADD CONSTRAINT "slots_extension_check" CHECK ("slots"."extension" ~ '^[0-9]{1,4}$');--> statement-breakpoint
CREATE FUNCTION slots_extension_width_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF length(NEW.extension) <> (SELECT extension_width FROM host_numbers WHERE id = NEW.host_id) THEN
    RAISE EXCEPTION 'slot extension % does not have its host''s width', NEW.extension USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER slots_extension_width BEFORE INSERT OR UPDATE OF extension, host_id ON slots
  FOR EACH ROW EXECUTE FUNCTION slots_extension_width_check();
