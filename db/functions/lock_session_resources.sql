-- Takes the rows of everything a session occupies in one fixed order (rooms, specialists,
-- clients, each by id): concurrent bookings of the same resources queue instead of deadlocking,
-- and a clash probe after it sees every committed booking. The exclusion constraints stay the
-- guarantee. Always true.
CREATE OR REPLACE FUNCTION lock_session_resources(p_rooms uuid[], p_people uuid[], p_clients uuid[]) RETURNS boolean
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
  RETURN true;
END $$;
