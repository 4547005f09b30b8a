-- The first thing already taken in [p_start, p_end): the room, then a specialist, then a client,
-- ignoring the sessions in p_except (those being moved). Each probe is the condition of its
-- exclusion constraint, so it runs on that constraint's GiST index however much is stored.
-- `visible`: whether the actor may see the clashing session (theirs, or one of its clients).
CREATE OR REPLACE FUNCTION session_clash(p_room uuid, p_specialists uuid[], p_clients uuid[], p_start timestamptz, p_end timestamptz, p_except uuid[],
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
