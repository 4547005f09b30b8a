-- A session is a time in the calendar, so only a service billed by time can be booked (#16 item 4).
-- Until now only the booking dialog knew this (its TIMED_UNITS list): a per-day, per-month or
-- per-km service booked through the API became a session billed as 1 unit whatever its length.
-- billed_by_time is the one home of the list: the triggers below and the service list that the
-- booking dialog filters on (listServices' `bookable`) both ask it.
-- New functions only; no existing function body changes. (For the lead: move billed_by_time,
-- sessions_service_billed_by_time and services_keep_sessions_billed_by_time to db/functions/.)
CREATE FUNCTION billed_by_time(p_unit text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_unit IN ('hour', 'academic_hour', 'session')
$$;
--> statement-breakpoint
-- Guarantees, for every write (book_session, series, plain SQL), that a session's service is
-- billed by time. Named sessions_s… so it fires before sessions_time_plausible: a per-month
-- service is refused for what it is, not for being too short. The detail names the service.
CREATE FUNCTION sessions_service_billed_by_time() RETURNS trigger LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE TRIGGER sessions_service_billed_by_time BEFORE INSERT OR UPDATE OF service_id ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_service_billed_by_time();
--> statement-breakpoint
-- The other way round: a service with sessions keeps a billing unit by time, or its sessions
-- would be billed as 1 unit each without anyone having booked such a thing.
CREATE FUNCTION services_keep_sessions_billed_by_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT billed_by_time(NEW.billing_unit) AND billed_by_time(OLD.billing_unit)
     AND EXISTS (SELECT 1 FROM sessions WHERE service_id = NEW.id) THEN
    RAISE EXCEPTION 'The service % has sessions: its billing unit stays one by time', NEW.code
      USING ERRCODE = 'check_violation', CONSTRAINT = 'services_with_sessions_billed_by_time';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER services_keep_sessions_billed_by_time BEFORE UPDATE OF billing_unit ON services
  FOR EACH ROW EXECUTE FUNCTION services_keep_sessions_billed_by_time();
