ALTER TABLE "reports" ADD COLUMN "reporter_phone_hash" text;--> statement-breakpoint
CREATE INDEX "reports_reporter_phone_idx" ON "reports" USING btree ("reporter_phone_hash","id") WHERE "reports"."reporter_phone_hash" is not null;--> statement-breakpoint
-- Reports filed by app users: their phone's blind index is the user's (the same HMAC of the same number).
UPDATE "reports" SET "reporter_phone_hash" = u."phone_hash" FROM "users" u WHERE u."id" = "reports"."reporter_user_id" AND "reports"."reporter_phone_hash" IS NULL;
