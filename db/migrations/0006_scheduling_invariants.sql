-- Nobody is in two places at once. Half-open [start, end) ranges, so back-to-back sessions are
-- fine; cancelled sessions free their time. The room is checked on sessions itself; specialists
-- and clients through their join rows, which carry copies of the session's time and state kept
-- in step by the triggers below. The application checks first for a friendly message; these
-- constraints decide when two people press "book" at the same moment.
ALTER TABLE sessions ADD CONSTRAINT sessions_room_no_overlap
  EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (room_id IS NOT NULL AND status <> 'cancelled');
--> statement-breakpoint
ALTER TABLE session_specialists ADD CONSTRAINT session_specialists_no_overlap
  EXCLUDE USING gist (employee_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (active);
--> statement-breakpoint
ALTER TABLE session_participants ADD CONSTRAINT session_participants_no_overlap
  EXCLUDE USING gist (client_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (active);
--> statement-breakpoint
CREATE FUNCTION session_member_copy_time() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s sessions%ROWTYPE;
BEGIN
  SELECT * INTO s FROM sessions WHERE id = NEW.session_id;
  NEW.starts_at := s.starts_at;
  NEW.ends_at := s.ends_at;
  NEW.active := s.status <> 'cancelled';
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER session_specialists_copy_time BEFORE INSERT OR UPDATE ON session_specialists
  FOR EACH ROW EXECUTE FUNCTION session_member_copy_time();
--> statement-breakpoint
CREATE TRIGGER session_participants_copy_time BEFORE INSERT OR UPDATE ON session_participants
  FOR EACH ROW EXECUTE FUNCTION session_member_copy_time();
--> statement-breakpoint
CREATE FUNCTION sessions_propagate_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.starts_at IS DISTINCT FROM OLD.starts_at OR NEW.ends_at IS DISTINCT FROM OLD.ends_at
     OR (NEW.status = 'cancelled') IS DISTINCT FROM (OLD.status = 'cancelled') THEN
    UPDATE session_specialists SET starts_at = NEW.starts_at WHERE session_id = NEW.id;
    UPDATE session_participants SET starts_at = NEW.starts_at WHERE session_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_propagate_time AFTER UPDATE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_propagate_time();
