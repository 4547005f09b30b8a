-- Plausible session times, for every path that places a session in time (book_session for single
-- bookings and each occurrence of a series, the moves): at least session_min_minutes long, a start
-- at most two years ahead (a series runs at most 104 weeks), and at most a year back unless the
-- person holds sessions:late_entry. The refusal (booking_refusal's JSON), or NULL.
CREATE OR REPLACE FUNCTION session_time_refusal(p_unit text, p_start timestamptz, p_end timestamptz, p_late_entry boolean) RETURNS jsonb
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
