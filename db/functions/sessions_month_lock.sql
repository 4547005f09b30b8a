-- Sessions: any change (time, status, service, room, notes) or deletion of a session that has a
-- participant in a locked month, before or after the change.
CREATE OR REPLACE FUNCTION sessions_month_lock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT client_id, decision_id FROM session_participants WHERE session_id = OLD.id ORDER BY client_id LOOP
    PERFORM 1 FROM clients WHERE id = p.client_id FOR UPDATE;
    IF month_locked(p.client_id, p.decision_id, tallinn_month(OLD.starts_at)) THEN
      PERFORM raise_month_locked(p.client_id, tallinn_month(OLD.starts_at));
    END IF;
    IF TG_OP = 'UPDATE' AND month_locked(p.client_id, p.decision_id, tallinn_month(NEW.starts_at)) THEN
      PERFORM raise_month_locked(p.client_id, tallinn_month(NEW.starts_at));
    END IF;
  END LOOP;
  IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
  RETURN OLD;
END $$;

CREATE OR REPLACE TRIGGER sessions_month_lock BEFORE UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_month_lock();
