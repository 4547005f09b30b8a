-- One booking in one round trip: the checks in the order the person hears of them (the service,
-- the time, the room, who may book whom, clashes, each participant's decision), then the writes of
-- the session, its people and the audit rows. p_specialists sorted, p_clients sorted, neither with
-- repeats; p_decisions parallel to p_clients (a null decision: the client's earliest decision valid
-- that day of a funder still in use, or none); p_late_entry: the caller may enter sessions more
-- than a year back. Returns the session's id, the decision each participant is charged to and the
-- units whose dashboards show it; or a refusal (booking_refusal) or clash, with nothing written,
-- so a series needs no savepoint for it. The exclusion constraints, the month locks and the audit
-- chain still guard every write here as they guard the application's own.
-- The booking functions keep one generic plan per statement (plan_cache_mode): their queries are
-- index probes whose best plan does not depend on the values, and planning them anew on every call
-- cost more than running them. They are written so that PL/pgSQL evaluates most of the rules as
-- simple expressions (no PERFORM, few subqueries), which skips the executor's start-up.
CREATE OR REPLACE FUNCTION book_session(p_book_scope text, p_unit_subtree uuid[], p_actor uuid, p_client_scope text, p_client_units uuid[],
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
