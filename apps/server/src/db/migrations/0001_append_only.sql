-- Append-only tables refuse UPDATE and DELETE at the database, not just in code: their history is
-- corrected by new rows, never rewritten (docs/rules.md, "Points" and "Personal data").
CREATE FUNCTION louzhang_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION louzhang_refuse_change();
