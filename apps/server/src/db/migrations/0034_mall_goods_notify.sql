-- The mall's sold-out cache (docs/ARCHITECTURE.md#sold-out-goods): anything that could make a good that was
-- read sold out orderable again, or answer otherwise — stock put back, any other column edited, a good
-- added or removed — notifies channel lz_mall_goods at commit. Every server instance LISTENs and forgets
-- every good it kept. An order taking stock (the stock falls, nothing else changes) says nothing: it
-- cannot change the answer for a good already at zero, and the rush's orders stay as they were.
CREATE FUNCTION lz_mall_goods_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lz_mall_goods', '*');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER goods_changed AFTER UPDATE ON mall_products FOR EACH ROW
  WHEN (NEW.stock >= OLD.stock OR (to_jsonb(NEW) - 'stock') IS DISTINCT FROM (to_jsonb(OLD) - 'stock'))
  EXECUTE FUNCTION lz_mall_goods_changed();
--> statement-breakpoint
CREATE TRIGGER goods_added_or_removed AFTER INSERT OR DELETE OR TRUNCATE ON mall_products
  FOR EACH STATEMENT EXECUTE FUNCTION lz_mall_goods_changed();
--> statement-breakpoint
-- An order's stock, taken by the good's primary key whatever the size of the table
-- (docs/ARCHITECTURE.md#plans-that-stay-on-the-index): a street's few dozen goods fit on a page or two,
-- so the planner would update them through a sequential scan, cheaper on paper; but while the window is
-- open every order rewrites a good, and such a scan then reads every version of every good on those
-- pages while the other orders wait to write them. The id of the good, or null when the guard fails.
CREATE FUNCTION louzhang_mall_take_stock(p_id bigint, p_street bigint, p_quantity int, p_price int)
  RETURNS bigint LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  taken bigint;
BEGIN
  UPDATE mall_products SET stock = stock - p_quantity
   WHERE id = p_id AND street_id = p_street AND is_active AND stock >= p_quantity AND points_price = p_price
     AND (per_person_limit IS NULL OR p_quantity <= per_person_limit)
  RETURNING id INTO taken;
  RETURN taken;
END $$;
