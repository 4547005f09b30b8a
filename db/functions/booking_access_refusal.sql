-- Who may book whom (p_specialists and p_clients sorted, without repeats): the clients must be
-- readable (one that is not is reported as missing), the
-- specialists active employees (unless p_require_active is false: cancelling the sessions of
-- someone who has left), and the booker's scope must reach them (covers_specialists).
CREATE OR REPLACE FUNCTION booking_access_refusal(p_book_scope text, p_unit_subtree uuid[], p_actor uuid, p_client_scope text, p_client_units uuid[],
    p_specialists uuid[], p_clients uuid[], p_require_active boolean) RETURNS jsonb
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  c uuid;
  s uuid;
  seen uuid[] := '{}';
  is_active boolean;
BEGIN
  IF p_book_scope IS NULL THEN
    RETURN booking_refusal('FORBIDDEN', 'errors.forbidden', NULL, 'You do not have permission to do this');
  END IF;
  -- p_clients sorted: the first one refused is the one the person hears of. Not asked without
  -- clients (the calendars ask of every team they show with none, and the statement costs a call
  -- a few microseconds even then).
  IF cardinality(p_clients) > 0 THEN
    SELECT x INTO c FROM unnest(p_clients) WITH ORDINALITY AS t(x, n)
     WHERE NOT EXISTS (SELECT 1 FROM clients WHERE id = x) OR NOT client_visible(x, p_actor, p_client_scope, p_client_units)
     ORDER BY n LIMIT 1;
    IF FOUND THEN
      RETURN booking_refusal('NOT_FOUND', 'errors.notFound', NULL, 'client not found', '{"what": "client"}');
    END IF;
  END IF;
  -- Each specialist an employee (active unless p_require_active is false), none twice. Asked by
  -- primary key, one at a time: as one count over employees WHERE id = ANY(p_specialists), the
  -- generic plan read the whole of employees on every call (30 µs of a 300-person institution's,
  -- and the calendars ask this of every team they show).
  FOREACH s IN ARRAY coalesce(p_specialists, '{}') LOOP
    SELECT e.active INTO is_active FROM employees e WHERE e.id = s;
    IF NOT FOUND OR (p_require_active AND NOT is_active) OR s = ANY(seen) THEN
      RETURN booking_refusal('INVALID_INPUT', 'errors.specialistInactive', 'specialistIds', 'Every specialist must be an active employee');
    END IF;
    seen := seen || s;
  END LOOP;
  IF NOT covers_specialists(p_book_scope, p_unit_subtree, p_actor, p_specialists) THEN
    RETURN booking_refusal('FORBIDDEN', 'errors.forbidden', NULL, 'You do not have permission to do this');
  END IF;
  RETURN NULL;
END $$;
