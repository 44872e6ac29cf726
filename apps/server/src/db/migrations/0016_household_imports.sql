CREATE TABLE "household_imports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "household_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint,
	"created_by" bigint NOT NULL,
	"dry_run" boolean NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"file_name" text,
	"file_key" text,
	"ip" text NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_estimated" integer,
	"result" jsonb,
	"error" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "household_imports_status_ck" CHECK ("household_imports"."status" in ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "household_imports_file_ck" CHECK ("household_imports"."status" in ('queued', 'running') or "household_imports"."file_key" is null)
);
--> statement-breakpoint
ALTER TABLE "household_imports" ADD CONSTRAINT "household_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_imports_pending_idx" ON "household_imports" USING btree ("id") WHERE "household_imports"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "household_imports_created_by_idx" ON "household_imports" USING btree ("created_by","id");