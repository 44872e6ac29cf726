CREATE TABLE "captain_attendance" (
	"session_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"certificate_no" text,
	"recorded_by" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "captain_attendance_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "captain_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "captain_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"detail" jsonb,
	"actor_user_id" bigint,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "captain_events_kind_ck" CHECK ("captain_events"."kind" in ('created','profile','status','bind','unbind'))
);
--> statement-breakpoint
CREATE TABLE "captain_mentorships" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "captain_mentorships_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"mentor_user_id" bigint NOT NULL,
	"mentee_user_id" bigint NOT NULL,
	"notes" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "captain_mentorships_pair_ck" CHECK ("captain_mentorships"."mentor_user_id" <> "captain_mentorships"."mentee_user_id")
);
--> statement-breakpoint
CREATE TABLE "captain_profiles" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"street_id" bigint NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"employer_unit" text,
	"duties" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"status_at" timestamp with time zone NOT NULL,
	"exited_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "captain_profiles_status_ck" CHECK ("captain_profiles"."status" in ('active','suspended','exited')),
	CONSTRAINT "captain_profiles_exited_ck" CHECK (("captain_profiles"."status" = 'exited') = ("captain_profiles"."exited_at" is not null)),
	CONSTRAINT "captain_profiles_reason_ck" CHECK ("captain_profiles"."status" = 'active' or "captain_profiles"."status_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "captain_sessions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "captain_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"kind" text NOT NULL,
	"topic" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"hours" numeric(4, 1) NOT NULL,
	"certifies" integer DEFAULT 0 NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "captain_sessions_kind_ck" CHECK ("captain_sessions"."kind" in ('training','meeting')),
	CONSTRAINT "captain_sessions_hours_ck" CHECK ("captain_sessions"."hours" > 0 and "captain_sessions"."hours" <= 100)
);
--> statement-breakpoint
CREATE TABLE "captain_settings" (
	"street_id" bigint PRIMARY KEY NOT NULL,
	"star_quota_percent" integer DEFAULT 30 NOT NULL,
	"beauty_quota_percent" integer DEFAULT 5 NOT NULL,
	"min_activity" integer DEFAULT 1 NOT NULL,
	"rating_prior_weight" integer DEFAULT 10 NOT NULL,
	"points_per_star" integer DEFAULT 20 NOT NULL,
	"exit_redeem_days" integer DEFAULT 90 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "captain_settings_star_ck" CHECK ("captain_settings"."star_quota_percent" between 1 and 100),
	CONSTRAINT "captain_settings_beauty_ck" CHECK ("captain_settings"."beauty_quota_percent" between 1 and 100),
	CONSTRAINT "captain_settings_numbers_ck" CHECK ("captain_settings"."min_activity" >= 0 and "captain_settings"."rating_prior_weight" >= 0 and "captain_settings"."points_per_star" >= 0 and "captain_settings"."exit_redeem_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "honour_merits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "honour_merits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"awarded_on" date NOT NULL,
	"actor_user_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "honour_merits_points_ck" CHECK ("honour_merits"."points" between -100 and 100 and "honour_merits"."points" <> 0)
);
--> statement-breakpoint
CREATE TABLE "honour_rounds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "honour_rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"quota_percent" integer NOT NULL,
	"eligible" integer NOT NULL,
	"quota" integer NOT NULL,
	"honoured" integer NOT NULL,
	"street_mean_rating" numeric(6, 4),
	"bonus_points" integer DEFAULT 0 NOT NULL,
	"drafted_by" bigint NOT NULL,
	"reviewed_by" bigint,
	"published_by" bigint,
	"drafted_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	CONSTRAINT "honour_rounds_kind_ck" CHECK ("honour_rounds"."kind" in ('star','beauty')),
	CONSTRAINT "honour_rounds_status_ck" CHECK ("honour_rounds"."status" in ('draft','reviewed','published')),
	CONSTRAINT "honour_rounds_bonus_ck" CHECK ("honour_rounds"."bonus_points" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "honour_scores" (
	"round_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"chore_points" integer NOT NULL,
	"chores_approved" integer NOT NULL,
	"ratings" integer NOT NULL,
	"rating_sum" integer NOT NULL,
	"shrunk_rating" numeric(6, 4),
	"satisfaction" numeric(12, 2) NOT NULL,
	"merit" integer NOT NULL,
	"total" numeric(14, 2) NOT NULL,
	"rank" integer NOT NULL,
	"is_honoured" integer NOT NULL,
	"certificate_token" text,
	CONSTRAINT "honour_scores_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "recruitment_applications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recruitment_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"drive_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"applicant_user_id" bigint,
	"nominator_user_id" bigint,
	"statement" text NOT NULL,
	"building_id" bigint,
	"status" text NOT NULL,
	"consented_at" timestamp with time zone,
	"vet_note" text,
	"interviewed_on" date,
	"score" integer,
	"decided_by" bigint,
	"registered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "recruitment_applications_kind_ck" CHECK ("recruitment_applications"."kind" in ('self','nominated')),
	CONSTRAINT "recruitment_applications_status_ck" CHECK ("recruitment_applications"."status" in ('awaiting_consent','applied','vetted','chosen','registered','rejected')),
	CONSTRAINT "recruitment_applications_consent_ck" CHECK ("recruitment_applications"."status" in ('awaiting_consent','rejected') or ("recruitment_applications"."applicant_user_id" is not null and "recruitment_applications"."consented_at" is not null)),
	CONSTRAINT "recruitment_applications_score_ck" CHECK ("recruitment_applications"."score" is null or "recruitment_applications"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "recruitment_drives" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recruitment_drives_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"title" text NOT NULL,
	"area" text,
	"building_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"requirements" text NOT NULL,
	"places" integer NOT NULL,
	"deadline" date NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "recruitment_drives_places_ck" CHECK ("recruitment_drives"."places" between 1 and 10000)
);
--> statement-breakpoint
ALTER TABLE "captain_attendance" ADD CONSTRAINT "captain_attendance_session_id_captain_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."captain_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_attendance" ADD CONSTRAINT "captain_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_attendance" ADD CONSTRAINT "captain_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_events" ADD CONSTRAINT "captain_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_events" ADD CONSTRAINT "captain_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_mentorships" ADD CONSTRAINT "captain_mentorships_mentor_user_id_users_id_fk" FOREIGN KEY ("mentor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_mentorships" ADD CONSTRAINT "captain_mentorships_mentee_user_id_users_id_fk" FOREIGN KEY ("mentee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_mentorships" ADD CONSTRAINT "captain_mentorships_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_profiles" ADD CONSTRAINT "captain_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_sessions" ADD CONSTRAINT "captain_sessions_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_sessions" ADD CONSTRAINT "captain_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_merits" ADD CONSTRAINT "honour_merits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_merits" ADD CONSTRAINT "honour_merits_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_rounds" ADD CONSTRAINT "honour_rounds_drafted_by_users_id_fk" FOREIGN KEY ("drafted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_rounds" ADD CONSTRAINT "honour_rounds_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_rounds" ADD CONSTRAINT "honour_rounds_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_scores" ADD CONSTRAINT "honour_scores_round_id_honour_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."honour_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "honour_scores" ADD CONSTRAINT "honour_scores_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_applications" ADD CONSTRAINT "recruitment_applications_drive_id_recruitment_drives_id_fk" FOREIGN KEY ("drive_id") REFERENCES "public"."recruitment_drives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_applications" ADD CONSTRAINT "recruitment_applications_applicant_user_id_users_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_applications" ADD CONSTRAINT "recruitment_applications_nominator_user_id_users_id_fk" FOREIGN KEY ("nominator_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_applications" ADD CONSTRAINT "recruitment_applications_building_id_org_units_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_applications" ADD CONSTRAINT "recruitment_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_drives" ADD CONSTRAINT "recruitment_drives_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_drives" ADD CONSTRAINT "recruitment_drives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "captain_attendance_user_idx" ON "captain_attendance" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "captain_events_user_idx" ON "captain_events" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "captain_mentorships_current_uq" ON "captain_mentorships" USING btree ("mentee_user_id") WHERE "captain_mentorships"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "captain_mentorships_mentor_idx" ON "captain_mentorships" USING btree ("mentor_user_id");--> statement-breakpoint
CREATE INDEX "captain_profiles_street_idx" ON "captain_profiles" USING btree ("street_id","status");--> statement-breakpoint
CREATE INDEX "captain_profiles_exited_idx" ON "captain_profiles" USING btree ("exited_at") WHERE "captain_profiles"."status" = 'exited';--> statement-breakpoint
CREATE INDEX "captain_sessions_path_idx" ON "captain_sessions" USING btree ("path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "honour_merits_street_idx" ON "honour_merits" USING btree ("street_id","awarded_on");--> statement-breakpoint
CREATE UNIQUE INDEX "honour_rounds_period_uq" ON "honour_rounds" USING btree ("street_id","kind","period");--> statement-breakpoint
CREATE INDEX "honour_scores_rank_idx" ON "honour_scores" USING btree ("round_id","rank");--> statement-breakpoint
CREATE INDEX "honour_scores_user_idx" ON "honour_scores" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "honour_scores_token_uq" ON "honour_scores" USING btree ("certificate_token");--> statement-breakpoint
CREATE UNIQUE INDEX "recruitment_applications_phone_uq" ON "recruitment_applications" USING btree ("drive_id","phone_hash");--> statement-breakpoint
CREATE INDEX "recruitment_applications_drive_idx" ON "recruitment_applications" USING btree ("drive_id","status","id");--> statement-breakpoint
CREATE INDEX "recruitment_applications_user_idx" ON "recruitment_applications" USING btree ("applicant_user_id");--> statement-breakpoint
CREATE INDEX "recruitment_drives_path_idx" ON "recruitment_drives" USING btree ("path" text_pattern_ops,"id");--> statement-breakpoint
-- A captain's history is append-only, like the registration history: corrections are new rows.
CREATE TRIGGER captain_events_append_only BEFORE UPDATE OR DELETE ON captain_events
  FOR EACH ROW EXECUTE FUNCTION louzhang_refuse_change();
