CREATE TABLE "community_pair_notes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "community_pair_notes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"pair_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"happened_on" date NOT NULL,
	"author_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "community_pair_notes_kind_ck" CHECK ("community_pair_notes"."kind" in ('note','visit'))
);
--> statement-breakpoint
CREATE TABLE "community_pairs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "community_pairs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"mentor_community_id" bigint NOT NULL,
	"partner_community_id" bigint NOT NULL,
	"mentor_path" text NOT NULL,
	"partner_path" text NOT NULL,
	"goals" text NOT NULL,
	"seconded_name" text,
	"seconded_role" text,
	"starts_on" date NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "community_pairs_distinct_ck" CHECK ("community_pairs"."mentor_community_id" <> "community_pairs"."partner_community_id")
);
--> statement-breakpoint
CREATE TABLE "livelihood_projects" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "livelihood_projects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"due_on" date,
	"status" text DEFAULT 'published' NOT NULL,
	"partner_org_id" bigint,
	"agreement_id" bigint,
	"claimed_by" bigint,
	"claimed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"accepted_by" bigint,
	"accepted_at" timestamp with time zone,
	"acceptance_note" text,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "livelihood_projects_category_ck" CHECK ("livelihood_projects"."category" in ('lighting','power','water','elderly_care','childcare','medical','environment','safety','culture','other')),
	CONSTRAINT "livelihood_projects_status_ck" CHECK ("livelihood_projects"."status" in ('published','claimed','submitted','accepted')),
	CONSTRAINT "livelihood_projects_claim_ck" CHECK (("livelihood_projects"."status" = 'published') = ("livelihood_projects"."partner_org_id" is null) and ("livelihood_projects"."partner_org_id" is null) = ("livelihood_projects"."agreement_id" is null)),
	CONSTRAINT "livelihood_projects_accepted_ck" CHECK (("livelihood_projects"."status" = 'accepted') = ("livelihood_projects"."accepted_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "partner_agreements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partner_agreements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"partner_org_id" bigint NOT NULL,
	"scope_org_unit_id" bigint NOT NULL,
	"scope_path" text NOT NULL,
	"title" text NOT NULL,
	"services" text NOT NULL,
	"beneficiaries" text NOT NULL,
	"categories" text[] NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "partner_agreements_period_ck" CHECK ("partner_agreements"."ends_on" >= "partner_agreements"."starts_on"),
	CONSTRAINT "partner_agreements_categories_ck" CHECK (cardinality("partner_agreements"."categories") > 0 and "partner_agreements"."categories" <@ array['lighting','power','water','elderly_care','childcare','medical','environment','safety','culture','other']::text[])
);
--> statement-breakpoint
CREATE TABLE "project_feedback" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_feedback_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"rating" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "project_feedback_rating_ck" CHECK ("project_feedback"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "project_milestones" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"title" text NOT NULL,
	"due_on" date,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_progress_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_progress_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" bigint NOT NULL,
	"author_id" bigint NOT NULL,
	"milestone_id" bigint,
	"body" text NOT NULL,
	"percent" integer NOT NULL,
	"photo_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "project_progress_percent_ck" CHECK ("project_progress_reports"."percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activity_signups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"activity_id" bigint NOT NULL,
	"volunteer_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"role" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" text,
	"checked_out_at" timestamp with time zone,
	"hours" numeric(5, 2),
	"hours_confirmed_by" bigint,
	"hours_confirmed_at" timestamp with time zone,
	"points_entry_id" bigint,
	CONSTRAINT "activity_signups_status_ck" CHECK ("activity_signups"."status" in ('confirmed','waitlisted','cancelled')),
	CONSTRAINT "activity_signups_checkin_ck" CHECK ("activity_signups"."checked_in_at" is null or "activity_signups"."status" = 'confirmed'),
	CONSTRAINT "activity_signups_checkout_ck" CHECK ("activity_signups"."checked_out_at" is null or "activity_signups"."checked_in_at" is not null),
	CONSTRAINT "activity_signups_by_ck" CHECK ("activity_signups"."checked_in_by" is null or "activity_signups"."checked_in_by" in ('qr','organiser')),
	CONSTRAINT "activity_signups_hours_ck" CHECK (("activity_signups"."hours" is null) = ("activity_signups"."hours_confirmed_at" is null) and ("activity_signups"."hours" is null or ("activity_signups"."hours" >= 0 and "activity_signups"."checked_in_at" is not null)))
);
--> statement-breakpoint
CREATE TABLE "volunteer_activities" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_activities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"team_id" bigint,
	"partner_org_id" bigint,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"place" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"description" text,
	"served_count" integer,
	"status" text DEFAULT 'published' NOT NULL,
	"checkin_token" text NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_activities_time_ck" CHECK ("volunteer_activities"."ends_at" > "volunteer_activities"."starts_at"),
	CONSTRAINT "volunteer_activities_capacity_ck" CHECK ("volunteer_activities"."capacity" > 0),
	CONSTRAINT "volunteer_activities_points_ck" CHECK ("volunteer_activities"."points" >= 0),
	CONSTRAINT "volunteer_activities_served_ck" CHECK ("volunteer_activities"."served_count" is null or "volunteer_activities"."served_count" >= 0),
	CONSTRAINT "volunteer_activities_status_ck" CHECK ("volunteer_activities"."status" in ('published','cancelled')),
	CONSTRAINT "volunteer_activities_organiser_ck" CHECK (not ("volunteer_activities"."team_id" is not null and "volunteer_activities"."partner_org_id" is not null)),
	CONSTRAINT "volunteer_activities_kind_ck" CHECK ("volunteer_activities"."kind" in ('market','after_school','clinic','fire_drill','meal_delivery','mediation','cleanup','other'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_diary_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_diary_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"volunteer_id" bigint NOT NULL,
	"team_id" bigint,
	"street_id" bigint NOT NULL,
	"path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"photo_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"parties_enc" text,
	"occurred_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_diary_kind_ck" CHECK ("volunteer_diary_entries"."kind" in ('mediation','service'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"team_id" bigint NOT NULL,
	"volunteer_id" bigint NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_team_members_team_id_volunteer_id_pk" PRIMARY KEY("team_id","volunteer_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"name" text NOT NULL,
	"speciality" text NOT NULL,
	"leader_volunteer_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_teams_speciality_ck" CHECK ("volunteer_teams"."speciality" in ('mediation','seniors','tutoring','medical','fire_safety','environment','culture','other'))
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"community_id" bigint NOT NULL,
	"path" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" text,
	"is_party_member" boolean DEFAULT false NOT NULL,
	"employer_unit" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "point_entries" DROP CONSTRAINT "point_entries_kind_ck";--> statement-breakpoint
ALTER TABLE "community_pair_notes" ADD CONSTRAINT "community_pair_notes_pair_id_community_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."community_pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_pair_notes" ADD CONSTRAINT "community_pair_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_pairs" ADD CONSTRAINT "community_pairs_mentor_community_id_org_units_id_fk" FOREIGN KEY ("mentor_community_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_pairs" ADD CONSTRAINT "community_pairs_partner_community_id_org_units_id_fk" FOREIGN KEY ("partner_community_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_pairs" ADD CONSTRAINT "community_pairs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_partner_org_id_org_units_id_fk" FOREIGN KEY ("partner_org_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_agreement_id_partner_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."partner_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_agreements" ADD CONSTRAINT "partner_agreements_partner_org_id_org_units_id_fk" FOREIGN KEY ("partner_org_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_agreements" ADD CONSTRAINT "partner_agreements_scope_org_unit_id_org_units_id_fk" FOREIGN KEY ("scope_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_agreements" ADD CONSTRAINT "partner_agreements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_feedback" ADD CONSTRAINT "project_feedback_project_id_livelihood_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."livelihood_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_feedback" ADD CONSTRAINT "project_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_project_id_livelihood_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."livelihood_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_progress_reports" ADD CONSTRAINT "project_progress_reports_project_id_livelihood_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."livelihood_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_progress_reports" ADD CONSTRAINT "project_progress_reports_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_progress_reports" ADD CONSTRAINT "project_progress_reports_milestone_id_project_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."project_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_signups" ADD CONSTRAINT "activity_signups_activity_id_volunteer_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."volunteer_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_signups" ADD CONSTRAINT "activity_signups_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_signups" ADD CONSTRAINT "activity_signups_hours_confirmed_by_users_id_fk" FOREIGN KEY ("hours_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_partner_org_id_org_units_id_fk" FOREIGN KEY ("partner_org_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_diary_entries" ADD CONSTRAINT "volunteer_diary_entries_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_diary_entries" ADD CONSTRAINT "volunteer_diary_entries_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_leader_volunteer_id_volunteers_id_fk" FOREIGN KEY ("leader_volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_community_id_org_units_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_pair_notes_pair_idx" ON "community_pair_notes" USING btree ("pair_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "community_pairs_uq" ON "community_pairs" USING btree ("mentor_community_id","partner_community_id");--> statement-breakpoint
CREATE INDEX "livelihood_projects_path_idx" ON "livelihood_projects" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "livelihood_projects_partner_idx" ON "livelihood_projects" USING btree ("partner_org_id");--> statement-breakpoint
CREATE INDEX "partner_agreements_partner_idx" ON "partner_agreements" USING btree ("partner_org_id");--> statement-breakpoint
CREATE INDEX "partner_agreements_scope_idx" ON "partner_agreements" USING btree ("scope_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "project_feedback_uq" ON "project_feedback" USING btree ("project_id","user_id");--> statement-breakpoint
CREATE INDEX "project_milestones_project_idx" ON "project_milestones" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_progress_project_idx" ON "project_progress_reports" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "project_progress_photos_idx" ON "project_progress_reports" USING gin ("photo_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_signups_live_uq" ON "activity_signups" USING btree ("activity_id","volunteer_id") WHERE "activity_signups"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "activity_signups_activity_idx" ON "activity_signups" USING btree ("activity_id","status","id");--> statement-breakpoint
CREATE INDEX "activity_signups_volunteer_idx" ON "activity_signups" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_activities_path_idx" ON "volunteer_activities" USING btree ("path" text_pattern_ops,"starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_activities_token_uq" ON "volunteer_activities" USING btree ("checkin_token");--> statement-breakpoint
CREATE INDEX "volunteer_diary_path_idx" ON "volunteer_diary_entries" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "volunteer_diary_volunteer_idx" ON "volunteer_diary_entries" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_team_members_vol_idx" ON "volunteer_team_members" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_teams_path_idx" ON "volunteer_teams" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_user_uq" ON "volunteers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "volunteers_path_idx" ON "volunteers" USING btree ("path" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "point_entries" ADD CONSTRAINT "point_entries_kind_ck" CHECK ("point_entries"."kind" in ('chore_award','honour_bonus','volunteer_award','redemption','redemption_refund','adjustment','reversal','expiry'));