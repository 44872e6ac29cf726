CREATE TABLE "notification_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notification_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"user_id" bigint NOT NULL,
	"source_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"street_id" bigint,
	"kind" text NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"body" text,
	"object_type" text,
	"object_id" bigint,
	"source_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "building_report_tokens" (
	"building_id" bigint PRIMARY KEY NOT NULL,
	"street_id" bigint NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_categories" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"parent_id" bigint,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"default_department_id" bigint,
	"is_active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_category_slas" (
	"category_id" bigint NOT NULL,
	"level" smallint NOT NULL,
	"ack_hours" integer NOT NULL,
	"resolve_hours" integer NOT NULL,
	CONSTRAINT "report_category_slas_category_id_level_pk" PRIMARY KEY("category_id","level"),
	CONSTRAINT "report_category_slas_level_ck" CHECK ("report_category_slas"."level" between 1 and 5),
	CONSTRAINT "report_category_slas_hours_ck" CHECK ("report_category_slas"."ack_hours" > 0 and "report_category_slas"."resolve_hours" >= "report_category_slas"."ack_hours" and "report_category_slas"."resolve_hours" <= 8760)
);
--> statement-breakpoint
CREATE TABLE "report_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"report_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"type" text NOT NULL,
	"actor_user_id" bigint,
	"from_status" text,
	"to_status" text NOT NULL,
	"from_level" smallint,
	"to_level" smallint NOT NULL,
	"handler_org_unit_id" bigint,
	"note" text,
	"photo_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"detail" jsonb,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_events_type_ck" CHECK ("report_events"."type" in ('submitted','accepted','answered','resolved','escalated','auto_escalated','overdue','rejected','rated','closed','auto_closed','reopened','joined','merged','merged_into'))
);
--> statement-breakpoint
CREATE TABLE "report_followers" (
	"report_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_followers_report_id_user_id_pk" PRIMARY KEY("report_id","user_id"),
	CONSTRAINT "report_followers_kind_ck" CHECK ("report_followers"."kind" in ('reporter','joined','merged'))
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"building_id" bigint NOT NULL,
	"path" text NOT NULL,
	"category_id" bigint NOT NULL,
	"description" text NOT NULL,
	"location" text,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"level" smallint NOT NULL,
	"peak_level" smallint NOT NULL,
	"handler_org_unit_id" bigint NOT NULL,
	"department_id" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"reporter_user_id" bigint,
	"reporter_name" text,
	"reporter_phone_enc" text,
	"created_by_user_id" bigint,
	"external_id" text,
	"merged_into_id" bigint,
	"follower_count" integer DEFAULT 0 NOT NULL,
	"level_entered_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"is_overdue" boolean DEFAULT false NOT NULL,
	"accepted_at" timestamp with time zone,
	"first_answered_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"rating" smallint,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reports_status_ck" CHECK ("reports"."status" in ('submitted','accepted','in_progress','resolved','closed','reopened','rejected','merged')),
	CONSTRAINT "reports_level_ck" CHECK ("reports"."level" between 1 and 5 and "reports"."peak_level" between "reports"."level" and 5),
	CONSTRAINT "reports_channel_ck" CHECK ("reports"."channel" in ('app','qr','proxy','phone','open311')),
	CONSTRAINT "reports_rating_ck" CHECK ("reports"."rating" is null or "reports"."rating" between 1 and 5),
	CONSTRAINT "reports_merged_ck" CHECK (("reports"."status" = 'merged') = ("reports"."merged_into_id" is not null)),
	CONSTRAINT "reports_followers_ck" CHECK ("reports"."follower_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building_report_tokens" ADD CONSTRAINT "building_report_tokens_building_id_org_units_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_categories" ADD CONSTRAINT "report_categories_parent_id_report_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."report_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_categories" ADD CONSTRAINT "report_categories_default_department_id_org_units_id_fk" FOREIGN KEY ("default_department_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_category_slas" ADD CONSTRAINT "report_category_slas_category_id_report_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."report_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_followers" ADD CONSTRAINT "report_followers_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_followers" ADD CONSTRAINT "report_followers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_building_id_org_units_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_category_id_report_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."report_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_handler_org_unit_id_org_units_id_fk" FOREIGN KEY ("handler_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_department_id_org_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_user_id_users_id_fk" FOREIGN KEY ("reporter_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_merged_into_id_reports_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_source_uq" ON "notification_outbox" USING btree ("channel","user_id","source_key");--> statement-breakpoint
CREATE INDEX "notification_outbox_pending_idx" ON "notification_outbox" USING btree ("id") WHERE "notification_outbox"."sent_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_source_uq" ON "notifications" USING btree ("user_id","source_key");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "building_report_tokens_token_uq" ON "building_report_tokens" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "report_categories_code_uq" ON "report_categories" USING btree ("code");--> statement-breakpoint
CREATE INDEX "report_categories_parent_idx" ON "report_categories" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_events_version_uq" ON "report_events" USING btree ("report_id","version");--> statement-breakpoint
CREATE INDEX "report_events_street_at_idx" ON "report_events" USING btree ("street_id","at");--> statement-breakpoint
CREATE INDEX "report_followers_user_idx" ON "report_followers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "reports_path_idx" ON "reports" USING btree ("path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "reports_street_created_idx" ON "reports" USING btree ("street_id","created_at");--> statement-breakpoint
CREATE INDEX "reports_handler_idx" ON "reports" USING btree ("handler_org_unit_id","status");--> statement-breakpoint
CREATE INDEX "reports_department_idx" ON "reports" USING btree ("department_id","id");--> statement-breakpoint
CREATE INDEX "reports_reporter_idx" ON "reports" USING btree ("reporter_user_id","id");--> statement-breakpoint
CREATE INDEX "reports_open_building_idx" ON "reports" USING btree ("building_id","category_id") WHERE "reports"."status" in ('submitted','accepted','in_progress','reopened');--> statement-breakpoint
CREATE INDEX "reports_due_idx" ON "reports" USING btree ("due_at") WHERE "reports"."due_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "reports_external_uq" ON "reports" USING btree ("channel","external_id") WHERE "reports"."external_id" is not null;