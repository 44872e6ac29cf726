DROP INDEX "residents_id_number_uq";--> statement-breakpoint
CREATE INDEX "residents_id_number_idx" ON "residents" USING btree ("id_number_hash");