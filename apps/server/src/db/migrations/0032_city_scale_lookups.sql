-- The duplicate-photo check's bands (schema/city-scale.ts photoHashBands): 4 bands of 16 bits, each row
-- with the whole hash, instead of 7 bands of 9–10 bits. The old rows are rebuilt below.
TRUNCATE "photo_hash_bands";--> statement-breakpoint
DROP INDEX "photo_hash_bands_lookup_idx";--> statement-breakpoint
ALTER TABLE "photo_hash_bands" ADD COLUMN "hash" bigint NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION louzhang_photo_bands() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  h bigint := ('x' || NEW.phash)::bit(64)::bigint;
BEGIN
  INSERT INTO photo_hash_bands (photo_id, street_id, band, value, hash)
  SELECT NEW.id, coalesce(NEW.street_id, 0), k, ((h >> (48 - 16 * k)) & 65535)::int, h
    FROM generate_series(0, 3) AS k;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
INSERT INTO photo_hash_bands (photo_id, street_id, band, value, hash)
  SELECT p.id, coalesce(p.street_id, 0), k, ((h.h >> (48 - 16 * k)) & 65535)::int, h.h
    FROM photos p
    CROSS JOIN LATERAL (SELECT ('x' || p.phash)::bit(64)::bigint AS h) h
    CROSS JOIN generate_series(0, 3) AS k;
--> statement-breakpoint
CREATE INDEX "photo_hash_bands_lookup_idx" ON "photo_hash_bands" USING btree ("street_id","band","value","photo_id","hash");
--> statement-breakpoint
-- A department's inbox (schema/reports.ts reports_open_department_idx).
CREATE INDEX "reports_open_department_idx" ON "reports" USING btree ("department_id","id") WHERE "reports"."level" = 5 and "reports"."status" in ('submitted','accepted','in_progress','reopened');
--> statement-breakpoint
-- The dashboard's read by an index-only scan (schema/city-scale.ts report_totals_unit_figures_idx).
CREATE INDEX "report_totals_unit_figures_idx" ON "report_totals" USING btree ("org_unit_id","day","level","category_id","received","answered","resolved","first_answer_hours","resolution_hours","rating_sum","rated","resolved_within_community","escalated_beyond_community");
