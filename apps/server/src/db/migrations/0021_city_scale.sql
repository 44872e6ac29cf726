CREATE TABLE "photo_hash_bands" (
	"photo_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"band" smallint NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "photo_hash_bands_photo_id_band_pk" PRIMARY KEY("photo_id","band")
);
--> statement-breakpoint
CREATE TABLE "report_totals" (
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"is_leaf" smallint NOT NULL,
	"day" date NOT NULL,
	"level" smallint NOT NULL,
	"category_id" bigint NOT NULL,
	"received" integer NOT NULL,
	"answered" integer NOT NULL,
	"resolved" integer NOT NULL,
	"first_answer_hours" double precision NOT NULL,
	"resolution_hours" double precision NOT NULL,
	"rating_sum" integer NOT NULL,
	"rated" integer NOT NULL,
	"resolved_within_community" integer NOT NULL,
	"escalated_beyond_community" integer NOT NULL,
	CONSTRAINT "report_totals_org_unit_id_day_level_category_id_pk" PRIMARY KEY("org_unit_id","day","level","category_id")
);
--> statement-breakpoint
CREATE TABLE "report_totals_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"building_id" bigint NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
DROP INDEX "report_followers_user_idx";--> statement-breakpoint
ALTER TABLE "photo_hash_bands" ADD CONSTRAINT "photo_hash_bands_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "photo_hash_bands_lookup_idx" ON "photo_hash_bands" USING btree ("street_id","band","value","photo_id");--> statement-breakpoint
CREATE INDEX "report_totals_leaf_day_idx" ON "report_totals" USING btree ("day","path" text_pattern_ops) WHERE is_leaf = 1;--> statement-breakpoint
CREATE INDEX "chore_submissions_status_idx" ON "chore_submissions" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "reports_building_created_idx" ON "reports" USING btree ("building_id","created_at");--> statement-breakpoint
CREATE INDEX "reports_open_level_path_idx" ON "reports" USING btree ("level","path" text_pattern_ops,"id") WHERE "reports"."status" in ('submitted','accepted','in_progress','reopened');--> statement-breakpoint
CREATE INDEX "report_followers_user_idx" ON "report_followers" USING btree ("user_id","report_id");
--> statement-breakpoint
-- No hot row per street (docs/rules.md#points): a posting moves the stored balance of a captain's account
-- only. The street's issuance and mall_sink accounts were updated by every credit and every order, so
-- all of a street's credits and redemptions queued on their two rows; their balance is now the sum of
-- their postings, read when asked (ledger.repository balanceOf). Their stored balance stays 0.
CREATE OR REPLACE FUNCTION louzhang_apply_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE point_accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id AND kind = 'captain';
  RETURN NULL;
END;
$$;
--> statement-breakpoint
UPDATE point_accounts SET balance = 0 WHERE kind <> 'captain';
--> statement-breakpoint
-- Maintained report figures: every change that moves a figure queues its building-day, in the same
-- transaction (an insert into an append-only queue: no row is shared between reports).
CREATE FUNCTION louzhang_report_totals_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO report_totals_dirty (building_id, day)
      VALUES (OLD.building_id, (OLD.created_at AT TIME ZONE 'Asia/Shanghai')::date);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO report_totals_dirty (building_id, day)
      VALUES (NEW.building_id, (NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reports_totals_insert AFTER INSERT OR DELETE ON reports
  FOR EACH ROW EXECUTE FUNCTION louzhang_report_totals_dirty();
--> statement-breakpoint
CREATE TRIGGER reports_totals_update AFTER UPDATE ON reports
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status OR OLD.level IS DISTINCT FROM NEW.level
    OR OLD.peak_level IS DISTINCT FROM NEW.peak_level OR OLD.first_answered_at IS DISTINCT FROM NEW.first_answered_at
    OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.rating IS DISTINCT FROM NEW.rating
    OR OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.created_at IS DISTINCT FROM NEW.created_at
    OR OLD.building_id IS DISTINCT FROM NEW.building_id OR OLD.path IS DISTINCT FROM NEW.path)
  EXECUTE FUNCTION louzhang_report_totals_dirty();
--> statement-breakpoint
INSERT INTO report_totals_dirty (building_id, day)
  SELECT DISTINCT building_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date FROM reports;
--> statement-breakpoint
-- The duplicate-photo check's bands (schema/city-scale.ts photoHashBands), written with each photo.
CREATE FUNCTION louzhang_photo_bands() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  h bigint := ('x' || NEW.phash)::bit(64)::bigint;
BEGIN
  INSERT INTO photo_hash_bands (photo_id, street_id, band, value)
  SELECT NEW.id, coalesce(NEW.street_id, 0), k, CASE WHEN k < 6 THEN ((h >> (55 - 9 * k)) & 511)::int ELSE (h & 1023)::int END
    FROM generate_series(0, 6) AS k;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER photos_hash_bands AFTER INSERT ON photos
  FOR EACH ROW EXECUTE FUNCTION louzhang_photo_bands();
--> statement-breakpoint
INSERT INTO photo_hash_bands (photo_id, street_id, band, value)
  SELECT p.id, coalesce(p.street_id, 0), k,
         CASE WHEN k < 6 THEN ((('x' || p.phash)::bit(64)::bigint >> (55 - 9 * k)) & 511)::int
              ELSE (('x' || p.phash)::bit(64)::bigint & 1023)::int END
    FROM photos p CROSS JOIN generate_series(0, 6) AS k;
