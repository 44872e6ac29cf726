CREATE TABLE "login_throttles" (
	"phone_hash" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "login_throttles_failures_ck" CHECK ("login_throttles"."failures" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sms_codes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sms_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone_hash" text NOT NULL,
	"purpose" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	"ip" text,
	CONSTRAINT "sms_codes_purpose_ck" CHECK ("sms_codes"."purpose" in ('login','reset')),
	CONSTRAINT "sms_codes_attempts_ck" CHECK ("sms_codes"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sms_send_counters" (
	"phone_hash" text PRIMARY KEY NOT NULL,
	"day" text NOT NULL,
	"sent_today" integer NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sms_send_counters_sent_ck" CHECK ("sms_send_counters"."sent_today" >= 0)
);
--> statement-breakpoint
CREATE TABLE "captain_assignments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "captain_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint,
	"user_id" bigint NOT NULL,
	"building_id" bigint NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"actor_user_id" bigint,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "captain_assignments_action_ck" CHECK ("captain_assignments"."action" in ('bind','unbind')),
	CONSTRAINT "captain_assignments_unbind_reason_ck" CHECK ("captain_assignments"."action" = 'bind' or "captain_assignments"."reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "notification_outbox" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "phone_enc" text;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "phone_hash" text;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD COLUMN "street_id" bigint;--> statement-breakpoint
ALTER TABLE "captain_assignments" ADD CONSTRAINT "captain_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_assignments" ADD CONSTRAINT "captain_assignments_building_id_org_units_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captain_assignments" ADD CONSTRAINT "captain_assignments_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "login_throttles_last_idx" ON "login_throttles" USING btree ("last_at");--> statement-breakpoint
CREATE INDEX "sms_codes_phone_idx" ON "sms_codes" USING btree ("phone_hash","purpose","id");--> statement-breakpoint
CREATE INDEX "sms_codes_expires_idx" ON "sms_codes" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "captain_assignments_building_idx" ON "captain_assignments" USING btree ("building_id","id");--> statement-breakpoint
CREATE INDEX "captain_assignments_user_idx" ON "captain_assignments" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "notification_outbox_street_idx" ON "notification_outbox" USING btree ("street_id","id");--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_recipient_ck" CHECK ("notification_outbox"."user_id" is not null or "notification_outbox"."phone_enc" is not null);