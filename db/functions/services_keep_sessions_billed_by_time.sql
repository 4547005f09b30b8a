-- The other way round: a service with sessions keeps a billing unit by time, or its sessions
-- would be billed as 1 unit each without anyone having booked such a thing.
CREATE OR REPLACE FUNCTION services_keep_sessions_billed_by_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT billed_by_time(NEW.billing_unit) AND billed_by_time(OLD.billing_unit)
     AND EXISTS (SELECT 1 FROM sessions WHERE service_id = NEW.id) THEN
    RAISE EXCEPTION 'The service % has sessions: its billing unit stays one by time', NEW.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'services_with_sessions_billed_by_time';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER services_keep_sessions_billed_by_time BEFORE UPDATE OF billing_unit ON services
  FOR EACH ROW EXECUTE FUNCTION services_keep_sessions_billed_by_time();
