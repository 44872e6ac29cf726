ALTER TABLE "honour_rounds" ADD COLUMN "street_ratings" integer;--> statement-breakpoint
ALTER TABLE "honour_rounds" ADD COLUMN "street_rating_sum" bigint;--> statement-breakpoint
ALTER TABLE "honour_rounds" ADD COLUMN "rating_prior_weight" integer;--> statement-breakpoint
ALTER TABLE "honour_rounds" ADD COLUMN "points_per_star" integer;--> statement-breakpoint
ALTER TABLE "honour_rounds" ADD COLUMN "min_activity" integer;--> statement-breakpoint
ALTER TABLE "honour_rounds" ADD COLUMN "cutoff_total" numeric(14, 2);--> statement-breakpoint
CREATE INDEX "role_bindings_street_captain_idx" ON "role_bindings" USING btree ("street_id","user_id") WHERE "role_bindings"."role" = 'captain';