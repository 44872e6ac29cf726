-- The captains' registration history is append-only, like the audit log: corrections are new rows.
CREATE TRIGGER captain_assignments_append_only BEFORE UPDATE OR DELETE ON captain_assignments
  FOR EACH ROW EXECUTE FUNCTION louzhang_refuse_change();
