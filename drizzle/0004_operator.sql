CREATE TABLE "operator_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "operator_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"operator_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "operator_events_kind_check" CHECK ("operator_events"."kind" in ('rollout_percentage', 'rollout_list_add', 'rollout_list_remove', 'host_added', 'host_status'))
);
--> statement-breakpoint
ALTER TABLE "operator_events" ADD CONSTRAINT "operator_events_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operator_events_at_idx" ON "operator_events" USING btree ("at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bindings_bound_at_idx" ON "bindings" USING btree ("bound_at");