-- Plausible session times (issue #11, item 11). A booking in 1970 or a one-minute session was
-- accepted; now every path that places a session in time (book_session for single bookings and
-- each occurrence of a series, the moves through session_time_refusal) refuses:
--  * a session shorter than its billing unit allows: 45 minutes for an academic hour (the unit
--    Töötukassa approves and pays), 15 minutes for everything else (an hour is billed in
--    fractions, but a session under a quarter of an hour is a slip of the mouse);
--  * a start more than two years ahead (a series runs at most 104 weeks);
--  * a start more than a year back, unless the person holds sessions:late_entry.
-- The trigger sessions_time_plausible keeps the first two for every write, plain SQL included.
-- The year back is not in it: whether someone may enter late is a fact about the person, which a
-- row does not carry, and a flag the session could set would bind no one; it is checked in
-- book_session and on the move path from the caller's permission.
CREATE FUNCTION session_min_minutes(p_unit text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_unit WHEN 'academic_hour' THEN 45 ELSE 15 END
$$;
--> statement-breakpoint
-- The refusal (booking_refusal's JSON) for a session of this billing unit at these times, or NULL.
CREATE FUNCTION session_time_refusal(p_unit text, p_start timestamptz, p_end timestamptz, p_late_entry boolean) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  min_minutes integer := session_min_minutes(p_unit);
BEGIN
  IF p_end - p_start < make_interval(mins => min_minutes) THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.sessionTooShort', 'endsAt',
      format('A session of this service lasts at least %s minutes', min_minutes), jsonb_build_object('minutes', min_minutes));
  END IF;
  IF p_start > now() + interval '2 years' THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.sessionTooFarAhead', 'startsAt', 'A session can be booked at most two years ahead', jsonb_build_object('years', 2));
  END IF;
  IF p_start < now() - interval '1 year' AND NOT p_late_entry THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.sessionTooFarBack', 'startsAt',
      'Entering a session more than a year back needs the late-entry permission', jsonb_build_object('years', 1));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The guarantee for every write: long enough for its service, at most two years ahead when its
-- times are set. Refused as a check violation named after the rule, which errors.ts words.
CREATE FUNCTION sessions_time_plausible() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  problem jsonb;
BEGIN
  problem := session_time_refusal((SELECT billing_unit FROM services WHERE id = NEW.service_id), NEW.starts_at, NEW.ends_at, true);
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION '%', problem->'refusal'->>'message' USING ERRCODE = 'check_violation',
      CONSTRAINT = CASE problem->'refusal'->>'key' WHEN 'errors.sessionTooShort' THEN 'sessions_long_enough' ELSE 'sessions_within_two_years' END,
      DETAIL = (problem->'refusal'->'params')::text;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_time_plausible BEFORE INSERT OR UPDATE OF starts_at, ends_at, service_id ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_time_plausible();
--> statement-breakpoint
-- book_session of 0017 with the time rules and the caller's late-entry permission, a new last
-- parameter that defaults to false (callers passing the old 17 arguments still resolve).
DROP FUNCTION book_session(text, uuid[], uuid, text, uuid[], uuid, uuid, uuid, uuid, timestamptz, timestamptz, uuid[], uuid[], uuid[], text, text, jsonb);
--> statement-breakpoint
CREATE FUNCTION book_session(p_book_scope text, p_unit_subtree uuid[], p_actor uuid, p_client_scope text, p_client_units uuid[],
    p_id uuid, p_series uuid, p_service uuid, p_room uuid, p_start timestamptz, p_end timestamptz,
    p_specialists uuid[], p_clients uuid[], p_decisions uuid[], p_notes text, p_ip text, p_details jsonb,
    p_late_entry boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  svc services%ROWTYPE;
  n int := cardinality(p_clients);
  day date := (p_start AT TIME ZONE 'Europe/Tallinn')::date;
  chosen uuid[] := '{}';
  decisions jsonb := '[]';
  locked boolean;
  problem jsonb;
  d record;
  i int;
BEGIN
  SELECT * INTO svc FROM services WHERE id = p_service;
  IF NOT FOUND THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.serviceMissing', 'serviceId', 'Choose a service');
  END IF;
  IF NOT svc.active THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.serviceInactive', 'serviceId', format('The service %s is no longer offered', svc.name_et),
      jsonb_build_object('service', svc.name_et, 'code', svc.code));
  END IF;
  problem := session_time_refusal(svc.billing_unit, p_start, p_end, p_late_entry);
  IF problem IS NOT NULL THEN RETURN problem; END IF;
  IF NOT svc.is_group AND n > 1 THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.individualService', 'participants', 'An individual service has one client');
  END IF;
  IF svc.max_group_size IS NOT NULL AND n > svc.max_group_size THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.groupTooLarge', 'participants', format('At most %s clients', svc.max_group_size),
      jsonb_build_object('max', svc.max_group_size));
  END IF;
  IF p_room IS NOT NULL THEN
    problem := room_refusal(p_room, n);
    IF problem IS NOT NULL THEN RETURN problem; END IF;
  END IF;
  problem := booking_access_refusal(p_book_scope, p_unit_subtree, p_actor, p_client_scope, p_client_units, p_specialists, p_clients, true);
  IF problem IS NOT NULL THEN RETURN problem; END IF;

  locked := lock_session_resources(ARRAY[p_room], p_specialists, p_clients);
  problem := session_clash(p_room, p_specialists, p_clients, p_start, p_end, '{}', p_actor, p_client_scope, p_client_units);
  IF problem IS NOT NULL THEN RETURN jsonb_build_object('clash', problem); END IF;

  FOR i IN 1 .. n LOOP
    IF p_decisions[i] IS NOT NULL THEN
      SELECT dd.id, dd.decision_number, dd.start_date, dd.end_date, f.name AS funder, f.active AS funder_active INTO d
        FROM funding_decisions dd JOIN funding_sources f ON f.id = dd.funding_source_id
       WHERE dd.id = p_decisions[i] AND dd.client_id = p_clients[i];
      IF NOT FOUND THEN
        RETURN booking_refusal('INVALID_INPUT', 'errors.decisionMissing', 'participants', 'Choose one of the client''s decisions');
      END IF;
      IF day NOT BETWEEN d.start_date AND d.end_date THEN
        RETURN booking_refusal('INVALID_INPUT', 'errors.decisionNotValidOn', 'participants',
          format('Decision %s is valid %s–%s, not on %s', d.decision_number, d.start_date, d.end_date, day),
          jsonb_build_object('number', d.decision_number, 'start', d.start_date::text, 'end', d.end_date::text, 'date', day::text));
      END IF;
      IF NOT d.funder_active THEN
        RETURN booking_refusal('INVALID_INPUT', 'errors.fundingSourceInactive', 'participants', format('The funder %s is no longer in use', d.funder),
          jsonb_build_object('funder', d.funder));
      END IF;
      chosen := array_append(chosen, d.id);
    ELSE
      chosen := array_append(chosen, (SELECT dd.id FROM funding_decisions dd JOIN funding_sources f ON f.id = dd.funding_source_id
                                       WHERE dd.client_id = p_clients[i] AND f.active AND day BETWEEN dd.start_date AND dd.end_date
                                       ORDER BY dd.start_date LIMIT 1));
    END IF;
  END LOOP;

  FOR i IN 1 .. n LOOP
    decisions := decisions || jsonb_build_object('clientId', p_clients[i], 'decisionId', chosen[i]);
  END LOOP;

  INSERT INTO sessions (id, series_id, service_id, room_id, starts_at, ends_at, notes, created_by)
    VALUES (p_id, p_series, p_service, p_room, p_start, p_end, p_notes, p_actor);
  -- The join rows' times are filled in by trigger from the session.
  INSERT INTO session_specialists (session_id, employee_id, starts_at, ends_at)
    SELECT p_id, x, p_start, p_end FROM unnest(p_specialists) x;
  INSERT INTO session_participants (session_id, client_id, decision_id, starts_at, ends_at)
    SELECT p_id, c, dec, p_start, p_end FROM unnest(p_clients, chosen) AS t(c, dec);
  -- Last: the audit row takes the chain's lock, held from here to the commit.
  INSERT INTO audit_log (actor_employee_id, action, client_id, target_type, target_id, ip, details)
    SELECT p_actor, 'session.book', c, 'session', p_id::text, p_ip, p_details FROM unnest(p_clients) c;

  RETURN jsonb_build_object(
    'id', p_id,
    'decisions', decisions,
    'dashboardUnits', to_jsonb(dashboard_units(p_specialists, ARRAY[p_room])));
END $$;
--> statement-breakpoint
-- The standard administrator role of an existing installation holds the new permission, as
-- ensureStandardRoles gives it to a new one; other roles get it when someone decides so.
INSERT INTO role_permissions (role_id, resource, action, scope)
SELECT id, 'sessions', 'late_entry', 'all' FROM roles WHERE key = 'administrator'
ON CONFLICT DO NOTHING;
