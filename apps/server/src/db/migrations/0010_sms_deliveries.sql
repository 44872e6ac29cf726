CREATE TABLE "sms_deliveries" (
	"outbox_id" bigint PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"due_at" timestamp with time zone,
	"provider_id" text,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sms_deliveries_status_ck" CHECK ("sms_deliveries"."status" in ('sending', 'retry', 'sent', 'delivered', 'failed', 'undelivered')),
	CONSTRAINT "sms_deliveries_attempts_ck" CHECK ("sms_deliveries"."attempts" >= 1)
);
--> statement-breakpoint
ALTER TABLE "sms_deliveries" ADD CONSTRAINT "sms_deliveries_outbox_id_notification_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."notification_outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_deliveries_due_idx" ON "sms_deliveries" USING btree ("due_at") WHERE "sms_deliveries"."status" in ('sending', 'retry', 'sent');