CREATE TABLE "care_assignments" (
	"resident_id" bigint PRIMARY KEY NOT NULL,
	"street_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"path" text NOT NULL,
	"visitor_user_id" bigint NOT NULL,
	"visitor_role" text NOT NULL,
	"assigned_by_user_id" bigint,
	"assigned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_assignments_role_ck" CHECK ("care_assignments"."visitor_role" in ('captain','grid_worker'))
);
--> statement-breakpoint
CREATE TABLE "care_contacts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"resident_id" bigint NOT NULL,
	"name" text NOT NULL,
	"relation" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_cycles" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_cycles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"community_id" bigint NOT NULL,
	"care_tag" text NOT NULL,
	"every_days" integer,
	"updated_by_user_id" bigint,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_cycles_days_ck" CHECK ("care_cycles"."every_days" is null or "care_cycles"."every_days" between 1 and 366)
);
--> statement-breakpoint
CREATE TABLE "care_visits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"resident_id" bigint NOT NULL,
	"path" text NOT NULL,
	"visitor_user_id" bigint NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"visited_on" date NOT NULL,
	"findings_enc" text,
	"need_enc" text,
	"errands" text[] DEFAULT '{}'::text[] NOT NULL,
	"report_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_visits_errands_ck" CHECK ("care_visits"."errands" <@ array['pension_cert','age_allowance','utility_bills','escort_medical','anti_fraud']::text[])
);
--> statement-breakpoint
CREATE TABLE "notice_reads" (
	"notice_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"household_id" bigint,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notice_reads_notice_id_user_id_pk" PRIMARY KEY("notice_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"scope_org_unit_id" bigint NOT NULL,
	"scope_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"pinned_until" date,
	"author_user_id" bigint NOT NULL,
	"author_role" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notices_kind_ck" CHECK ("notices"."kind" in ('policy','notice','safety','event')),
	CONSTRAINT "notices_author_role_ck" CHECK ("notices"."author_role" in ('street_staff','community_staff','captain','admin'))
);
--> statement-breakpoint
ALTER TABLE "org_units" DROP CONSTRAINT "org_units_kind_ck";--> statement-breakpoint
ALTER TABLE "care_assignments" ADD CONSTRAINT "care_assignments_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_assignments" ADD CONSTRAINT "care_assignments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_assignments" ADD CONSTRAINT "care_assignments_visitor_user_id_users_id_fk" FOREIGN KEY ("visitor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_assignments" ADD CONSTRAINT "care_assignments_assigned_by_user_id_users_id_fk" FOREIGN KEY ("assigned_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_contacts" ADD CONSTRAINT "care_contacts_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_cycles" ADD CONSTRAINT "care_cycles_community_id_org_units_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_cycles" ADD CONSTRAINT "care_cycles_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_visits" ADD CONSTRAINT "care_visits_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_visits" ADD CONSTRAINT "care_visits_visitor_user_id_users_id_fk" FOREIGN KEY ("visitor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_visits" ADD CONSTRAINT "care_visits_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_reads" ADD CONSTRAINT "notice_reads_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_reads" ADD CONSTRAINT "notice_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_reads" ADD CONSTRAINT "notice_reads_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_scope_org_unit_id_org_units_id_fk" FOREIGN KEY ("scope_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_assignments_path_idx" ON "care_assignments" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "care_assignments_visitor_idx" ON "care_assignments" USING btree ("visitor_user_id");--> statement-breakpoint
CREATE INDEX "care_contacts_resident_idx" ON "care_contacts" USING btree ("resident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_cycles_tag_uq" ON "care_cycles" USING btree ("community_id","care_tag");--> statement-breakpoint
CREATE INDEX "care_visits_resident_idx" ON "care_visits" USING btree ("resident_id","visited_on");--> statement-breakpoint
CREATE INDEX "care_visits_path_idx" ON "care_visits" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "care_visits_report_uq" ON "care_visits" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "notice_reads_household_idx" ON "notice_reads" USING btree ("notice_id","household_id");--> statement-breakpoint
CREATE INDEX "notices_scope_idx" ON "notices" USING btree ("scope_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "notices_street_idx" ON "notices" USING btree ("street_id","id");--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_kind_ck" CHECK ("org_units"."kind" in ('city','district','street','community','micro_community','grid','estate','building','unit','department','partner_org','place'));