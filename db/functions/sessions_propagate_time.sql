-- A session's new time or state reaches its specialists' and participants' rows (and with it
-- their exclusion constraints), and so does a new status (the copy in session_member_copy_time).
CREATE OR REPLACE FUNCTION sessions_propagate_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.starts_at IS DISTINCT FROM OLD.starts_at OR NEW.ends_at IS DISTINCT FROM OLD.ends_at
     OR NEW.status IS DISTINCT FROM OLD.status THEN
    UPDATE session_specialists SET starts_at = NEW.starts_at WHERE session_id = NEW.id;
    UPDATE session_participants SET starts_at = NEW.starts_at WHERE session_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER sessions_propagate_time AFTER UPDATE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_propagate_time();
