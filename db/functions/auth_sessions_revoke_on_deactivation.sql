-- Guarantees that a deactivated employee has no live session, however the deactivation was
-- written (the application, the admin CLI or plain SQL): their sessions are revoked in the same
-- transaction.
CREATE OR REPLACE FUNCTION auth_sessions_revoke_on_deactivation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'deactivated'
   WHERE employee_id = NEW.id AND revoked_at IS NULL;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER employees_deactivation_revokes_sessions
  AFTER UPDATE OF active ON employees
  FOR EACH ROW WHEN (OLD.active AND NOT NEW.active)
  EXECUTE FUNCTION auth_sessions_revoke_on_deactivation();
