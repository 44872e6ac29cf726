CREATE TABLE "campaign_departments" (
	"campaign_id" bigint NOT NULL,
	"department_id" bigint NOT NULL,
	"is_lead" boolean NOT NULL,
	CONSTRAINT "campaign_departments_campaign_id_department_id_pk" PRIMARY KEY("campaign_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_sites" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_sites_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"campaign_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"problem_type" text NOT NULL,
	"place_org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"place_text" text,
	"note" text,
	"photo_id" bigint NOT NULL,
	"logged_by" bigint NOT NULL,
	"logged_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"assigned_department_id" bigint,
	"assigned_user_id" bigint,
	"assigned_at" timestamp with time zone,
	"accepted_by" bigint,
	"accepted_at" timestamp with time zone,
	"closed_by" bigint,
	"closed_at" timestamp with time zone,
	"after_photo_id" bigint,
	"close_note" text,
	"reappeared_of_id" bigint,
	CONSTRAINT "campaign_sites_type_ck" CHECK ("campaign_sites"."problem_type" in ('clutter','abandoned_vehicle','street_stall','vegetable_plot','fire_equipment','illegal_structure','flying_wire')),
	CONSTRAINT "campaign_sites_status_ck" CHECK ("campaign_sites"."status" in ('open','assigned','accepted','cleared','not_clearable')),
	CONSTRAINT "campaign_sites_assignee_ck" CHECK (not ("campaign_sites"."assigned_department_id" is not null and "campaign_sites"."assigned_user_id" is not null)
          and ("campaign_sites"."status" = 'open' or "campaign_sites"."assigned_department_id" is not null or "campaign_sites"."assigned_user_id" is not null)),
	CONSTRAINT "campaign_sites_cleared_ck" CHECK (("campaign_sites"."status" <> 'cleared' or ("campaign_sites"."after_photo_id" is not null and "campaign_sites"."closed_at" is not null))
          and ("campaign_sites"."status" <> 'not_clearable' or ("campaign_sites"."close_note" is not null and "campaign_sites"."closed_at" is not null)))
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaigns_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"scope_org_unit_id" bigint NOT NULL,
	"scope_path" text NOT NULL,
	"title" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"problem_types" text[] NOT NULL,
	"note" text,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaigns_period_ck" CHECK ("campaigns"."ends_on" >= "campaigns"."starts_on"),
	CONSTRAINT "campaigns_types_ck" CHECK (cardinality("campaigns"."problem_types") > 0 and "campaigns"."problem_types" <@ array['clutter','abandoned_vehicle','street_stall','vegetable_plot','fire_equipment','illegal_structure','flying_wire']::text[])
);
--> statement-breakpoint
CREATE TABLE "captain_portraits" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"photo_id" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "attachment_photo_id" bigint;--> statement-breakpoint
ALTER TABLE "campaign_departments" ADD CONSTRAINT "campaign_departments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_departments" ADD CONSTRAINT "campaign_departments_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_place_org_unit_id_org_units_id_fk" FOREIGN KEY ("place_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_logged_by_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_assigned_department_id_org_units_id_fk" FOREIGN KEY ("assigned_department_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_assigned_user_id_users_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_after_photo_id_photos_id_fk" FOREIGN KEY ("after_photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sites" ADD CONSTRAINT "campaign_sites_reappeared_of_id_campaign_sites_id_fk" FOREIGN KEY ("reappeared_of_id") REFERENCES "public"."campaign_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_scope_org_unit_id_org_units_id_fk" FOREIGN KEY ("scope_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_portraits" ADD CONSTRAINT "captain_portraits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_portraits" ADD CONSTRAINT "captain_portraits_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_departments_dept_idx" ON "campaign_departments" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_departments_lead_uq" ON "campaign_departments" USING btree ("campaign_id") WHERE "campaign_departments"."is_lead";--> statement-breakpoint
CREATE INDEX "campaign_sites_campaign_idx" ON "campaign_sites" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "campaign_sites_place_idx" ON "campaign_sites" USING btree ("place_org_unit_id","problem_type");--> statement-breakpoint
CREATE INDEX "campaign_sites_dept_idx" ON "campaign_sites" USING btree ("assigned_department_id");--> statement-breakpoint
CREATE INDEX "campaign_sites_user_idx" ON "campaign_sites" USING btree ("assigned_user_id");--> statement-breakpoint
CREATE INDEX "campaign_sites_photo_idx" ON "campaign_sites" USING btree ("photo_id");--> statement-breakpoint
CREATE INDEX "campaign_sites_after_photo_idx" ON "campaign_sites" USING btree ("after_photo_id");--> statement-breakpoint
CREATE INDEX "campaigns_scope_idx" ON "campaigns" USING btree ("scope_path" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_attachment_photo_id_photos_id_fk" FOREIGN KEY ("attachment_photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;