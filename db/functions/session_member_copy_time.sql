-- Specialists and clients of a session carry copies of its time and state, so their exclusion
-- constraints (nobody in two places at once) can be checked on the join rows. They also carry its
-- status, so the reports add up a specialist's hours by status, and find the done sessions still
-- waiting for a client's entry, from these rows alone.
CREATE OR REPLACE FUNCTION session_member_copy_time() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s sessions%ROWTYPE;
BEGIN
  SELECT * INTO s FROM sessions WHERE id = NEW.session_id;
  NEW.starts_at := s.starts_at;
  NEW.ends_at := s.ends_at;
  NEW.active := s.status <> 'cancelled';
  NEW.status := s.status;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER session_specialists_copy_time BEFORE INSERT OR UPDATE ON session_specialists
  FOR EACH ROW EXECUTE FUNCTION session_member_copy_time();

CREATE OR REPLACE TRIGGER session_participants_copy_time BEFORE INSERT OR UPDATE ON session_participants
  FOR EACH ROW EXECUTE FUNCTION session_member_copy_time();
