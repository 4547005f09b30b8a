-- Guarantees, for every write (book_session, series, plain SQL), that a session's service is
-- billed by time. Named sessions_s… so it fires before sessions_time_plausible: a per-month
-- service is refused for what it is, not for being too short. The detail names the service.
CREATE OR REPLACE FUNCTION sessions_service_billed_by_time() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  svc record;
BEGIN
  SELECT code, name_et, billing_unit INTO svc FROM services WHERE id = NEW.service_id;
  IF FOUND AND NOT billed_by_time(svc.billing_unit) THEN
    RAISE EXCEPTION 'The service % is not billed by time and cannot be booked as a session', svc.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'sessions_service_billed_by_time',
      DETAIL = jsonb_build_object('service', svc.name_et, 'code', svc.code, 'unit', svc.billing_unit)::text;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER sessions_service_billed_by_time BEFORE INSERT OR UPDATE OF service_id ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_service_billed_by_time();
