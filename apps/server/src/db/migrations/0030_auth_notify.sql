-- The session cache's invalidation (docs/rules.md#session-cache): whatever changes what a session
-- resolves to notifies channel lz_auth, with the user's id, or '*' when it may concern anyone. Every
-- server instance LISTENs and forgets what it cached; the notification is sent at commit.
CREATE FUNCTION lz_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME IN ('org_units', 'street_auth_settings') THEN
    PERFORM pg_notify('lz_auth', '*');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('lz_auth', OLD.id::text);
  ELSE
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM pg_notify('lz_auth', OLD.user_id::text); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM pg_notify('lz_auth', NEW.user_id::text); END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER auth_changed AFTER UPDATE OF revoked_at, user_id OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION lz_auth_changed();
--> statement-breakpoint
CREATE TRIGGER auth_changed AFTER INSERT OR UPDATE OR DELETE ON role_bindings
  FOR EACH ROW EXECUTE FUNCTION lz_auth_changed();
--> statement-breakpoint
CREATE TRIGGER auth_changed AFTER UPDATE OF name, disabled_at, totp_secret_enc OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION lz_auth_changed();
--> statement-breakpoint
CREATE TRIGGER auth_changed AFTER UPDATE OF name, kind, path, street_id OR DELETE ON org_units
  FOR EACH STATEMENT EXECUTE FUNCTION lz_auth_changed();
--> statement-breakpoint
CREATE TRIGGER auth_changed AFTER INSERT OR UPDATE OR DELETE ON street_auth_settings
  FOR EACH STATEMENT EXECUTE FUNCTION lz_auth_changed();
