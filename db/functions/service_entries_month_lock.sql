-- Entries: the client's row is locked first (as the limit trigger and confirming a month do),
-- so a confirmation and an entry in the same month are decided one after the other.
CREATE OR REPLACE FUNCTION service_entries_month_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM 1 FROM clients WHERE id = OLD.client_id FOR UPDATE;
    IF month_locked(OLD.client_id, OLD.decision_id, OLD.service_date) THEN
      PERFORM raise_month_locked(OLD.client_id, OLD.service_date);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM clients WHERE id = NEW.client_id FOR UPDATE;
    IF month_locked(NEW.client_id, NEW.decision_id, NEW.service_date) THEN
      PERFORM raise_month_locked(NEW.client_id, NEW.service_date);
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;

-- Named to run before service_entries_price_and_limits (triggers fire in name order).
CREATE OR REPLACE TRIGGER service_entries_a_month_lock BEFORE INSERT OR UPDATE OR DELETE ON service_entries
  FOR EACH ROW EXECUTE FUNCTION service_entries_month_lock();
