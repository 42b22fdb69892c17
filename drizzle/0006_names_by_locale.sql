-- Names keyed by locale: copy each row's name and name_zh into names, then drop the two columns.
ALTER TABLE "merchants" ADD COLUMN "names" jsonb;--> statement-breakpoint
UPDATE "merchants" SET "names" = jsonb_build_object('en', "name", 'zh-CN', "name_zh");--> statement-breakpoint
ALTER TABLE "merchants" ALTER COLUMN "names" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "merchants" DROP CONSTRAINT "merchants_name_unique";--> statement-breakpoint
ALTER TABLE "merchants" DROP COLUMN "name";--> statement-breakpoint
ALTER TABLE "merchants" DROP COLUMN "name_zh";--> statement-breakpoint
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_names_check" CHECK (coalesce(jsonb_typeof("merchants"."names" -> 'en') = 'string', false));--> statement-breakpoint
CREATE UNIQUE INDEX "merchants_default_name_key" ON "merchants" USING btree (("names" ->> 'en'));--> statement-breakpoint
ALTER TABLE "couriers" ADD COLUMN "names" jsonb;--> statement-breakpoint
UPDATE "couriers" SET "names" = jsonb_build_object('en', "name", 'zh-CN', "name_zh");--> statement-breakpoint
ALTER TABLE "couriers" ALTER COLUMN "names" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "couriers" DROP CONSTRAINT "couriers_name_unique";--> statement-breakpoint
ALTER TABLE "couriers" DROP COLUMN "name";--> statement-breakpoint
ALTER TABLE "couriers" DROP COLUMN "name_zh";--> statement-breakpoint
ALTER TABLE "couriers" ADD CONSTRAINT "couriers_names_check" CHECK (coalesce(jsonb_typeof("couriers"."names" -> 'en') = 'string', false));--> statement-breakpoint
CREATE UNIQUE INDEX "couriers_default_name_key" ON "couriers" USING btree (("names" ->> 'en'));
