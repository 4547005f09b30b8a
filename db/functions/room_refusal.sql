-- An active room that holds p_count clients.
CREATE OR REPLACE FUNCTION room_refusal(p_room uuid, p_count int) RETURNS jsonb
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
