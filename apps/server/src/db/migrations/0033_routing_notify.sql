-- The report intake's routing cache (docs/ARCHITECTURE.md#intake-routing-cache): whatever changes where a
-- report at a building goes or what its answer shows — who is bound where, their names and whether they are
-- disabled, the reporter's phone, the org units, the categories and their SLAs — notifies channel
-- lz_routing at commit. Every server instance LISTENs and forgets everything it cached.
CREATE FUNCTION lz_routing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lz_routing', '*');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER routing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_bindings
  FOR EACH STATEMENT EXECUTE FUNCTION lz_routing_changed();
--> statement-breakpoint
CREATE TRIGGER routing_changed AFTER UPDATE OF name, disabled_at, phone_enc, phone_hash OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION lz_routing_changed();
--> statement-breakpoint
CREATE TRIGGER routing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON org_units
  FOR EACH STATEMENT EXECUTE FUNCTION lz_routing_changed();
--> statement-breakpoint
CREATE TRIGGER routing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_categories
  FOR EACH STATEMENT EXECUTE FUNCTION lz_routing_changed();
--> statement-breakpoint
CREATE TRIGGER routing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_category_slas
  FOR EACH STATEMENT EXECUTE FUNCTION lz_routing_changed();
