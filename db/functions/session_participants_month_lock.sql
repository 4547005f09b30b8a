-- Participants: joining, leaving or changing attendance in a locked month. The copy of the
-- session's time (session_participants_copy_time) runs first, so NEW.starts_at is the session's.
CREATE OR REPLACE FUNCTION session_participants_month_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM 1 FROM clients WHERE id = OLD.client_id FOR UPDATE;
    IF month_locked(OLD.client_id, OLD.decision_id, tallinn_month(OLD.starts_at)) THEN
      PERFORM raise_month_locked(OLD.client_id, tallinn_month(OLD.starts_at));
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM clients WHERE id = NEW.client_id FOR UPDATE;
    IF month_locked(NEW.client_id, NEW.decision_id, tallinn_month(NEW.starts_at)) THEN
      PERFORM raise_month_locked(NEW.client_id, tallinn_month(NEW.starts_at));
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;

CREATE OR REPLACE TRIGGER session_participants_z_month_lock BEFORE INSERT OR UPDATE OR DELETE ON session_participants
  FOR EACH ROW EXECUTE FUNCTION session_participants_month_lock();
