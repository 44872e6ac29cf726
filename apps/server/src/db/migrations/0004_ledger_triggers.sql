-- Points ledger (docs/rules.md, "Points"): entries and postings are append-only; every posting moves its
-- account's balance in the same statement, so balance = sum of postings always holds; every entry's
-- postings sum to zero (checked at commit, when all legs are in).
CREATE TRIGGER point_entries_append_only BEFORE UPDATE OR DELETE ON point_entries
  FOR EACH ROW EXECUTE FUNCTION louzhang_refuse_change();
--> statement-breakpoint
CREATE TRIGGER point_postings_append_only BEFORE UPDATE OR DELETE ON point_postings
  FOR EACH ROW EXECUTE FUNCTION louzhang_refuse_change();
--> statement-breakpoint
CREATE TRIGGER point_accounts_no_delete BEFORE DELETE ON point_accounts
  FOR EACH ROW EXECUTE FUNCTION louzhang_refuse_change();
--> statement-breakpoint
CREATE FUNCTION louzhang_apply_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE point_accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER point_postings_apply AFTER INSERT ON point_postings
  FOR EACH ROW EXECUTE FUNCTION louzhang_apply_posting();
--> statement-breakpoint
CREATE FUNCTION louzhang_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  legs int;
  total bigint;
BEGIN
  SELECT count(*), coalesce(sum(amount), 0) INTO legs, total FROM point_postings WHERE entry_id = NEW.id;
  IF legs < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'ledger entry % is unbalanced (% legs, sum %)', NEW.id, legs, total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER point_entries_balanced AFTER INSERT ON point_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION louzhang_check_entry_balanced();
