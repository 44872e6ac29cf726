CREATE TABLE "chore_daily_claims" (
	"template_id" bigint NOT NULL,
	"building_id" bigint NOT NULL,
	"day" date NOT NULL,
	"street_id" bigint NOT NULL,
	"claims" integer NOT NULL,
	CONSTRAINT "chore_daily_claims_template_id_building_id_day_pk" PRIMARY KEY("template_id","building_id","day"),
	CONSTRAINT "chore_daily_claims_ck" CHECK ("chore_daily_claims"."claims" >= 0)
);
--> statement-breakpoint
CREATE TABLE "chore_publications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "chore_publications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"template_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"recurrence" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_by_user_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "chore_publications_recurrence_ck" CHECK ("chore_publications"."recurrence" in ('once','daily','weekly')),
	CONSTRAINT "chore_publications_range_ck" CHECK ("chore_publications"."ends_on" is null or "chore_publications"."ends_on" >= "chore_publications"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "chore_street_settings" (
	"street_id" bigint PRIMARY KEY NOT NULL,
	"community_may_review" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chore_submission_photos" (
	"submission_id" bigint NOT NULL,
	"photo_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"street_id" bigint NOT NULL,
	CONSTRAINT "chore_submission_photos_submission_id_photo_id_pk" PRIMARY KEY("submission_id","photo_id"),
	CONSTRAINT "chore_submission_photos_kind_ck" CHECK ("chore_submission_photos"."kind" in ('before','after','other'))
);
--> statement-breakpoint
CREATE TABLE "chore_submissions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "chore_submissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"task_id" bigint NOT NULL,
	"submitter_user_id" bigint NOT NULL,
	"note" text,
	"done_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"duplicate_flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewer_user_id" bigint,
	"reviewed_at" timestamp with time zone,
	"reject_reason" text,
	"ledger_entry_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chore_submissions_status_ck" CHECK ("chore_submissions"."status" in ('pending','approved','rejected')),
	CONSTRAINT "chore_submissions_review_ck" CHECK (("chore_submissions"."status" = 'pending') = ("chore_submissions"."reviewer_user_id" is null) and ("chore_submissions"."status" <> 'rejected' or "chore_submissions"."reject_reason" is not null)),
	CONSTRAINT "chore_submissions_self_review_ck" CHECK ("chore_submissions"."reviewer_user_id" is distinct from "chore_submissions"."submitter_user_id")
);
--> statement-breakpoint
CREATE TABLE "chore_tasks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "chore_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"publication_id" bigint NOT NULL,
	"template_id" bigint NOT NULL,
	"building_id" bigint NOT NULL,
	"building_path" text NOT NULL,
	"occurrence" date NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"claimed_by_user_id" bigint,
	"claimed_at" timestamp with time zone,
	"claim_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chore_tasks_status_ck" CHECK ("chore_tasks"."status" in ('open','claimed','submitted','rejected','approved')),
	CONSTRAINT "chore_tasks_claim_ck" CHECK (("chore_tasks"."status" = 'open') = ("chore_tasks"."claimed_by_user_id" is null) and ("chore_tasks"."status" <> 'claimed' or "chore_tasks"."claim_expires_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "chore_templates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "chore_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"points" integer NOT NULL,
	"min_photos" integer NOT NULL,
	"before_after" boolean NOT NULL,
	"daily_limit_per_building" integer,
	"claim_ttl_hours" integer NOT NULL,
	"description" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chore_templates_points_ck" CHECK ("chore_templates"."points" > 0 and "chore_templates"."points" <= 1000),
	CONSTRAINT "chore_templates_min_photos_ck" CHECK ("chore_templates"."min_photos" between 0 and 9),
	CONSTRAINT "chore_templates_ttl_ck" CHECK ("chore_templates"."claim_ttl_hours" between 1 and 720),
	CONSTRAINT "chore_templates_limit_ck" CHECK ("chore_templates"."daily_limit_per_building" is null or "chore_templates"."daily_limit_per_building" between 1 and 100),
	CONSTRAINT "chore_templates_category_ck" CHECK ("chore_templates"."category" in ('cleaning','patrol','notice','publicity','hazard','mediation','visit','other'))
);
--> statement-breakpoint
ALTER TABLE "chore_daily_claims" ADD CONSTRAINT "chore_daily_claims_template_id_chore_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."chore_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_publications" ADD CONSTRAINT "chore_publications_template_id_chore_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."chore_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_publications" ADD CONSTRAINT "chore_publications_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_publications" ADD CONSTRAINT "chore_publications_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_street_settings" ADD CONSTRAINT "chore_street_settings_street_id_org_units_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_submission_photos" ADD CONSTRAINT "chore_submission_photos_submission_id_chore_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."chore_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_submission_photos" ADD CONSTRAINT "chore_submission_photos_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_submissions" ADD CONSTRAINT "chore_submissions_task_id_chore_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."chore_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_submissions" ADD CONSTRAINT "chore_submissions_submitter_user_id_users_id_fk" FOREIGN KEY ("submitter_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_submissions" ADD CONSTRAINT "chore_submissions_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_tasks" ADD CONSTRAINT "chore_tasks_publication_id_chore_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."chore_publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_tasks" ADD CONSTRAINT "chore_tasks_template_id_chore_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."chore_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_tasks" ADD CONSTRAINT "chore_tasks_building_id_org_units_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_tasks" ADD CONSTRAINT "chore_tasks_claimed_by_user_id_users_id_fk" FOREIGN KEY ("claimed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chore_templates" ADD CONSTRAINT "chore_templates_street_id_org_units_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chore_publications_street_idx" ON "chore_publications" USING btree ("street_id","id");--> statement-breakpoint
CREATE INDEX "chore_submission_photos_photo_idx" ON "chore_submission_photos" USING btree ("photo_id");--> statement-breakpoint
CREATE UNIQUE INDEX "chore_submissions_pending_uq" ON "chore_submissions" USING btree ("task_id") WHERE "chore_submissions"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "chore_submissions_approved_uq" ON "chore_submissions" USING btree ("task_id") WHERE "chore_submissions"."status" = 'approved';--> statement-breakpoint
CREATE INDEX "chore_submissions_street_idx" ON "chore_submissions" USING btree ("street_id","status","id");--> statement-breakpoint
CREATE INDEX "chore_submissions_submitter_idx" ON "chore_submissions" USING btree ("submitter_user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "chore_tasks_occurrence_uq" ON "chore_tasks" USING btree ("publication_id","building_id","occurrence");--> statement-breakpoint
CREATE INDEX "chore_tasks_path_idx" ON "chore_tasks" USING btree ("building_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "chore_tasks_claimer_idx" ON "chore_tasks" USING btree ("claimed_by_user_id","status");--> statement-breakpoint
CREATE INDEX "chore_tasks_expiry_idx" ON "chore_tasks" USING btree ("claim_expires_at") WHERE "chore_tasks"."status" = 'claimed';--> statement-breakpoint
CREATE UNIQUE INDEX "chore_templates_name_uq" ON "chore_templates" USING btree ("street_id","name");