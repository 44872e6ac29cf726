CREATE TABLE "chore_totals" (
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"is_leaf" smallint NOT NULL,
	"day" date NOT NULL,
	"street_id" bigint NOT NULL,
	"task_id" bigint DEFAULT 0 NOT NULL,
	"submitted" integer NOT NULL,
	"approved" integer NOT NULL,
	"rejected" integer NOT NULL,
	"points" bigint NOT NULL,
	CONSTRAINT "chore_totals_org_unit_id_is_leaf_day_street_id_task_id_pk" PRIMARY KEY("org_unit_id","is_leaf","day","street_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "chore_totals_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" bigint NOT NULL,
	"building_id" bigint NOT NULL,
	"path" text NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mall_totals" (
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"is_leaf" smallint NOT NULL,
	"window_month" text NOT NULL,
	"day" date NOT NULL,
	"product_id" bigint NOT NULL,
	"orders" integer NOT NULL,
	"cancelled" integer NOT NULL,
	"units" integer NOT NULL,
	"units_picked_up" integer NOT NULL,
	"points" bigint NOT NULL,
	"cost_yuan" numeric(14, 2) NOT NULL,
	CONSTRAINT "mall_totals_org_unit_id_is_leaf_window_month_day_product_id_path_pk" PRIMARY KEY("org_unit_id","is_leaf","window_month","day","product_id","path")
);
--> statement-breakpoint
CREATE TABLE "mall_totals_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"street_id" bigint NOT NULL,
	"window_month" text NOT NULL,
	"path" text NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "chore_totals_leaf_day_idx" ON "chore_totals" USING btree ("day","path" text_pattern_ops) WHERE is_leaf = 1;--> statement-breakpoint
CREATE INDEX "mall_totals_leaf_day_idx" ON "mall_totals" USING btree ("day","path" text_pattern_ops) WHERE is_leaf = 1;--> statement-breakpoint
CREATE INDEX "chore_submissions_rejected_task_idx" ON "chore_submissions" USING btree ("task_id") WHERE "chore_submissions"."status" = 'rejected';
--> statement-breakpoint
-- Maintained chores figures (schema/figure-totals.ts): every change of a submission that moves a figure
-- queues its task-days (with the task's building and path) in the same transaction — an insert into an append-only queue, so no
-- row is shared between approvals. An approval queues one row (the day of the review).
CREATE FUNCTION louzhang_chore_totals_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A submission is inserted pending (one day queued); an imported one may come reviewed already.
    INSERT INTO chore_totals_dirty (task_id, building_id, path, day)
      SELECT DISTINCT t.id, t.building_id, t.building_path, x.d
        FROM chore_tasks t,
             unnest(ARRAY[(NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date,
                          (NEW.reviewed_at AT TIME ZONE 'Asia/Shanghai')::date]) AS x(d)
       WHERE t.id = NEW.task_id AND x.d IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO chore_totals_dirty (task_id, building_id, path, day)
      SELECT DISTINCT t.id, t.building_id, t.building_path, x.d
        FROM chore_tasks t,
             unnest(ARRAY[(OLD.created_at AT TIME ZONE 'Asia/Shanghai')::date,
                          (OLD.reviewed_at AT TIME ZONE 'Asia/Shanghai')::date]) AS x(d)
       WHERE t.id = OLD.task_id AND x.d IS NOT NULL;
  ELSE
    -- The submission's own day moves only with its task or creation time; the review's with the review.
    INSERT INTO chore_totals_dirty (task_id, building_id, path, day)
      SELECT DISTINCT t.id, t.building_id, t.building_path, x.d
        FROM (VALUES
               (OLD.task_id, CASE WHEN OLD.task_id <> NEW.task_id OR OLD.created_at <> NEW.created_at
                                  THEN (OLD.created_at AT TIME ZONE 'Asia/Shanghai')::date END),
               (NEW.task_id, CASE WHEN OLD.task_id <> NEW.task_id OR OLD.created_at <> NEW.created_at
                                  THEN (NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date END),
               (OLD.task_id, (OLD.reviewed_at AT TIME ZONE 'Asia/Shanghai')::date),
               (NEW.task_id, (NEW.reviewed_at AT TIME ZONE 'Asia/Shanghai')::date)) AS x(task_id, d)
        JOIN chore_tasks t ON t.id = x.task_id
       WHERE x.d IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER chore_submissions_totals AFTER INSERT OR DELETE ON chore_submissions
  FOR EACH ROW EXECUTE FUNCTION louzhang_chore_totals_dirty();
--> statement-breakpoint
CREATE TRIGGER chore_submissions_totals_update AFTER UPDATE ON chore_submissions
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status OR OLD.reviewed_at IS DISTINCT FROM NEW.reviewed_at
    OR OLD.ledger_entry_id IS DISTINCT FROM NEW.ledger_entry_id OR OLD.created_at IS DISTINCT FROM NEW.created_at
    OR OLD.task_id IS DISTINCT FROM NEW.task_id OR OLD.street_id IS DISTINCT FROM NEW.street_id)
  EXECUTE FUNCTION louzhang_chore_totals_dirty();
--> statement-breakpoint
-- Maintained mall figures: an order placed, moved on or cancelled queues its path-day (one row per change,
-- with the street and window month the refresh finds the orders by). Lines are written with their order
-- and never change.
CREATE FUNCTION louzhang_mall_totals_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO mall_totals_dirty (street_id, window_month, path, day)
      VALUES (OLD.street_id, OLD.window_month, OLD.path, (OLD.created_at AT TIME ZONE 'Asia/Shanghai')::date);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (OLD.street_id, OLD.window_month, OLD.path, OLD.created_at)
                                                IS DISTINCT FROM (NEW.street_id, NEW.window_month, NEW.path, NEW.created_at)) THEN
    INSERT INTO mall_totals_dirty (street_id, window_month, path, day)
      VALUES (NEW.street_id, NEW.window_month, NEW.path, (NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER mall_orders_totals AFTER INSERT OR DELETE ON mall_orders
  FOR EACH ROW EXECUTE FUNCTION louzhang_mall_totals_dirty();
--> statement-breakpoint
CREATE TRIGGER mall_orders_totals_update AFTER UPDATE ON mall_orders
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status OR OLD.street_id IS DISTINCT FROM NEW.street_id
    OR OLD.window_month IS DISTINCT FROM NEW.window_month OR OLD.path IS DISTINCT FROM NEW.path
    OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION louzhang_mall_totals_dirty();
--> statement-breakpoint
-- Backfill: every existing task-day and order path-day is queued; the first refresh (the jobs
-- `chores.totals` / `mall.totals` within 10 s, or the first read) builds the totals in one pass.
INSERT INTO chore_totals_dirty (task_id, building_id, path, day)
  SELECT DISTINCT t.id, t.building_id, t.building_path, x.d
    FROM chore_submissions s JOIN chore_tasks t ON t.id = s.task_id,
         unnest(ARRAY[(s.created_at AT TIME ZONE 'Asia/Shanghai')::date,
                      (s.reviewed_at AT TIME ZONE 'Asia/Shanghai')::date]) AS x(d)
   WHERE x.d IS NOT NULL;
--> statement-breakpoint
INSERT INTO mall_totals_dirty (street_id, window_month, path, day)
  SELECT DISTINCT street_id, window_month, path, (created_at AT TIME ZONE 'Asia/Shanghai')::date FROM mall_orders;
