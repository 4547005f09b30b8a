-- Booking in one round trip. The rules every booking, move and status change share live here
-- once, as functions the application calls (server/scheduling/guards.ts): who may book whom,
-- whether a room fits, the fixed-order resource locks and the clash probe. book_session runs
-- them all and writes the session, its people and the audit rows in one statement, so a booking
-- costs the server one query instead of six. A refusal is returned (never raised, so nothing is
-- written and a series' savepoint is not needed for it) as
--   {"refusal": {"code", "key", "field", "message", "params"}}  or  {"clash": {...}}.
-- The exclusion constraints (0006), the month locks (0011) and the audit chain (0002) still
-- guard every write below exactly as they guard the application's own.
-- The functions keep one generic plan per statement (plan_cache_mode): their queries are index
-- probes whose best plan does not depend on the values, and planning them anew on every call
-- (PostgreSQL's choice for these parameters) cost more than running them.

-- The SQL twin of canOnClient (server/policy/policy.ts) for one client, with the actor's facts
-- passed in: p_scope is the role scope of the action (null: none), p_units the units whose
-- clients the person reaches (headed subtree, and the unit subtree with scope 'unit').
CREATE FUNCTION client_visible(p_client uuid, p_actor uuid, p_scope text, p_units uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN p_scope = 'all' OR (p_scope IS NOT NULL AND (
    EXISTS (SELECT 1 FROM clients c WHERE c.id = p_client AND c.case_manager_id = p_actor)
    OR EXISTS (SELECT 1 FROM client_team_members t WHERE t.client_id = p_client AND t.employee_id = p_actor)
    OR EXISTS (SELECT 1 FROM client_access_grants g WHERE g.client_id = p_client AND g.employee_id = p_actor
                 AND g.revoked_at IS NULL AND g.valid_from <= now() AND now() < g.valid_until)
    OR EXISTS (SELECT 1 FROM client_units u WHERE u.client_id = p_client AND u.unit_id = ANY(p_units))));
END $$;
--> statement-breakpoint
CREATE FUNCTION booking_refusal(p_code text, p_key text, p_field text, p_message text, p_params jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('refusal', jsonb_build_object('code', p_code, 'key', p_key, 'field', p_field, 'message', p_message, 'params', p_params))
$$;
--> statement-breakpoint
-- Whether someone with `p_scope` acts for these specialists: 'own' only with oneself among them,
-- 'unit' only for people of the unit subtree (oneself always), 'all' for anyone.
CREATE FUNCTION covers_specialists(p_scope text, p_unit_subtree uuid[], p_actor uuid, p_specialists uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN CASE p_scope
    WHEN 'all' THEN true
    WHEN 'own' THEN p_actor = ANY(p_specialists)
    WHEN 'unit' THEN NOT EXISTS (
      SELECT 1 FROM unnest(p_specialists) s WHERE s <> p_actor
         AND NOT EXISTS (SELECT 1 FROM employee_units eu WHERE eu.employee_id = s AND eu.unit_id = ANY(p_unit_subtree)))
    ELSE false
  END;
END $$;
--> statement-breakpoint
-- Who may book whom (p_specialists and p_clients sorted, without repeats): the clients must be readable (one that is not is reported as missing), the
-- specialists active employees (unless p_require_active is false: cancelling the sessions of
-- someone who has left), and the booker's scope must reach them (covers_specialists).
CREATE FUNCTION booking_access_refusal(p_book_scope text, p_unit_subtree uuid[], p_actor uuid, p_client_scope text, p_client_units uuid[],
    p_specialists uuid[], p_clients uuid[], p_require_active boolean) RETURNS jsonb
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  c uuid;
  found_count int;
  all_active boolean;
BEGIN
  IF p_book_scope IS NULL THEN
    RETURN booking_refusal('FORBIDDEN', 'errors.forbidden', NULL, 'You do not have permission to do this');
  END IF;
  -- p_clients sorted: the first one refused is the one the person hears of.
  SELECT x INTO c FROM unnest(p_clients) WITH ORDINALITY AS t(x, n)
   WHERE NOT EXISTS (SELECT 1 FROM clients WHERE id = x) OR NOT client_visible(x, p_actor, p_client_scope, p_client_units)
   ORDER BY n LIMIT 1;
  IF FOUND THEN
    RETURN booking_refusal('NOT_FOUND', 'errors.notFound', NULL, 'client not found', '{"what": "client"}');
  END IF;
  -- p_specialists without repeats.
  SELECT count(*), coalesce(bool_and(active), true) INTO found_count, all_active FROM employees WHERE id = ANY(p_specialists);
  IF found_count <> cardinality(p_specialists) OR (p_require_active AND NOT all_active) THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.specialistInactive', 'specialistIds', 'Every specialist must be an active employee');
  END IF;
  IF NOT covers_specialists(p_book_scope, p_unit_subtree, p_actor, p_specialists) THEN
    RETURN booking_refusal('FORBIDDEN', 'errors.forbidden', NULL, 'You do not have permission to do this');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An active room that holds p_count clients.
CREATE FUNCTION room_refusal(p_room uuid, p_count int) RETURNS jsonb
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  r rooms%ROWTYPE;
BEGIN
  SELECT * INTO r FROM rooms WHERE id = p_room;
  IF NOT FOUND OR NOT r.active THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.roomMissing', 'roomId', 'Choose an active room');
  END IF;
  IF p_count > r.capacity THEN
    RETURN booking_refusal('INVALID_INPUT', 'errors.roomCapacity', 'participants', format('Room %s holds %s', r.name, r.capacity),
      jsonb_build_object('room', r.name, 'capacity', r.capacity));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Takes the rows of everything a session occupies in one fixed order (rooms, specialists,
-- clients, each by id): concurrent bookings of the same resources queue instead of deadlocking,
-- and a clash probe after it sees every committed booking. The exclusion constraints stay the
-- guarantee.
CREATE FUNCTION lock_session_resources(p_rooms uuid[], p_people uuid[], p_clients uuid[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  c_rooms bigint;
  c_people bigint;
  c_clients bigint;
BEGIN
  -- One statement; its select list is evaluated left to right: rooms, then people, then clients.
  WITH r AS (SELECT 1 FROM rooms WHERE id = ANY(p_rooms) ORDER BY id FOR NO KEY UPDATE),
       e AS (SELECT 1 FROM employees WHERE id = ANY(p_people) ORDER BY id FOR NO KEY UPDATE),
       c AS (SELECT 1 FROM clients WHERE id = ANY(p_clients) ORDER BY id FOR NO KEY UPDATE)
  SELECT (SELECT count(*) FROM r), (SELECT count(*) FROM e), (SELECT count(*) FROM c) INTO STRICT c_rooms, c_people, c_clients;
END $$;
--> statement-breakpoint
-- The first thing already taken in [p_start, p_end): the room, then a specialist, then a client,
-- ignoring the sessions in p_except (those being moved). Each probe is the condition of its
-- exclusion constraint, so it runs on that constraint's GiST index however much is stored.
-- `visible`: whether the actor may see the clashing session (theirs, or one of its clients).
CREATE FUNCTION session_clash(p_room uuid, p_specialists uuid[], p_clients uuid[], p_start timestamptz, p_end timestamptz, p_except uuid[],
    p_actor uuid, p_client_scope text, p_client_units uuid[]) RETURNS jsonb
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  span tstzrange := tstzrange(p_start, p_end, '[)');
  except_ids uuid[] := coalesce(p_except, '{}');
  found jsonb;
  sid uuid;
BEGIN
  IF p_room IS NOT NULL THEN
    SELECT jsonb_build_object('kind', 'room', 'id', s.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'name', r.name) INTO found
      FROM sessions s JOIN rooms r ON r.id = s.room_id
     WHERE s.room_id = p_room AND s.room_id IS NOT NULL AND s.status <> 'cancelled'
       AND tstzrange(s.starts_at, s.ends_at, '[)') && span AND NOT (s.id = ANY(except_ids))
     LIMIT 1;
  END IF;
  IF found IS NULL THEN
    SELECT jsonb_build_object('kind', 'specialist', 'id', s.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'name', e.first_name || ' ' || e.last_name) INTO found
      FROM session_specialists x JOIN sessions s ON s.id = x.session_id JOIN employees e ON e.id = x.employee_id
     WHERE x.employee_id = ANY(p_specialists) AND x.active
       AND tstzrange(x.starts_at, x.ends_at, '[)') && span AND NOT (x.session_id = ANY(except_ids))
     LIMIT 1;
  END IF;
  IF found IS NULL THEN
    SELECT jsonb_build_object('kind', 'client', 'id', s.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'name', c.first_name || ' ' || c.last_name) INTO found
      FROM session_participants x JOIN sessions s ON s.id = x.session_id JOIN clients c ON c.id = x.client_id
     WHERE x.client_id = ANY(p_clients) AND x.active
       AND tstzrange(x.starts_at, x.ends_at, '[)') && span AND NOT (x.session_id = ANY(except_ids))
     LIMIT 1;
  END IF;
  IF found IS NULL THEN
    RETURN NULL;
  END IF;
  sid := (found->>'id')::uuid;
  RETURN found || jsonb_build_object('visible',
    EXISTS (SELECT 1 FROM session_specialists x WHERE x.session_id = sid AND x.employee_id = p_actor)
    OR EXISTS (SELECT 1 FROM session_participants x WHERE x.session_id = sid AND client_visible(x.client_id, p_actor, p_client_scope, p_client_units)));
END $$;
--> statement-breakpoint
-- The units whose managers' dashboards show a change of these people and rooms: their units and
-- every unit above them (a region's head watches all of its teams).
CREATE FUNCTION dashboard_units(p_people uuid[], p_rooms uuid[]) RETURNS uuid[]
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN ARRAY(
    WITH RECURSIVE up AS (
      SELECT u.id, u.parent_id FROM units u
       WHERE u.id IN (SELECT unit_id FROM employee_units WHERE employee_id = ANY(p_people)
                      UNION SELECT unit_id FROM rooms WHERE id = ANY(p_rooms))
      UNION SELECT p.id, p.parent_id FROM units p JOIN up ON p.id = up.parent_id)
    SELECT id FROM up);
END $$;
--> statement-breakpoint
-- One booking: the checks in the order the person hears of them (the service, the room, who
-- may book whom, clashes, each participant's decision), then the writes. p_specialists sorted,
-- p_clients sorted, neither with repeats; p_decisions parallel to p_clients (a null decision:
-- the client's earliest decision valid that day of a funder still in use, or none). Returns the session's id, the decision each participant is
-- charged to and the units whose dashboards show it; or a refusal or clash, with nothing written.
CREATE FUNCTION book_session(p_book_scope text, p_unit_subtree uuid[], p_actor uuid, p_client_scope text, p_client_units uuid[],
    p_id uuid, p_series uuid, p_service uuid, p_room uuid, p_start timestamptz, p_end timestamptz,
    p_specialists uuid[], p_clients uuid[], p_decisions uuid[], p_notes text, p_ip text, p_details jsonb) RETURNS jsonb
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  svc services%ROWTYPE;
  n int := cardinality(p_clients);
  day date := (p_start AT TIME ZONE 'Europe/Tallinn')::date;
  chosen uuid[] := '{}';
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

  PERFORM lock_session_resources(ARRAY[p_room], p_specialists, p_clients);
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
    'decisions', (SELECT jsonb_agg(jsonb_build_object('clientId', c, 'decisionId', dec)) FROM unnest(p_clients, chosen) AS t(c, dec)),
    'dashboardUnits', to_jsonb(dashboard_units(p_specialists, ARRAY[p_room])));
END $$;
--> statement-breakpoint
-- The month-lock check of 0011 runs for every participant row written. As PL/pgSQL with a kept
-- plan it is not planned anew on each call; what it answers is unchanged.
CREATE OR REPLACE FUNCTION month_locked(p_client uuid, p_decision uuid, p_day date) RETURNS boolean
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM service_reports
    WHERE client_id = p_client AND month = date_trunc('month', p_day)::date AND status = 'confirmed'
      AND (p_decision IS NULL OR decision_id = p_decision));
END $$;
