CREATE TABLE "street_auth_settings" (
	"street_id" bigint PRIMARY KEY NOT NULL,
	"staff_password_required" boolean DEFAULT false NOT NULL,
	"staff_totp_required" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_user_id" bigint
);
--> statement-breakpoint
CREATE TABLE "residency_claims" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "residency_claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"building_id" bigint NOT NULL,
	"path" text NOT NULL,
	"user_id" bigint NOT NULL,
	"source" text NOT NULL,
	"report_id" bigint,
	"unit_label" text,
	"room" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"household_id" bigint,
	"resident_id" bigint,
	"decided_by_user_id" bigint,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "residency_claims_source_ck" CHECK ("residency_claims"."source" in ('report','app')),
	CONSTRAINT "residency_claims_status_ck" CHECK ("residency_claims"."status" in ('pending','confirmed','rejected')),
	CONSTRAINT "residency_claims_decided_ck" CHECK (("residency_claims"."status" = 'pending') = ("residency_claims"."decided_at" is null)
        and ("residency_claims"."status" <> 'confirmed' or ("residency_claims"."household_id" is not null and "residency_claims"."resident_id" is not null))
        and ("residency_claims"."status" <> 'rejected' or "residency_claims"."reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret_enc" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_pending_enc" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "residency_claims" ADD CONSTRAINT "residency_claims_building_id_org_units_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residency_claims" ADD CONSTRAINT "residency_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residency_claims" ADD CONSTRAINT "residency_claims_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residency_claims" ADD CONSTRAINT "residency_claims_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residency_claims" ADD CONSTRAINT "residency_claims_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residency_claims" ADD CONSTRAINT "residency_claims_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "residency_claims_pending_uq" ON "residency_claims" USING btree ("user_id","building_id") WHERE "residency_claims"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "residency_claims_path_idx" ON "residency_claims" USING btree ("path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "residency_claims_user_idx" ON "residency_claims" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "residency_claims_report_idx" ON "residency_claims" USING btree ("report_id");--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_failed_logins_ck";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";