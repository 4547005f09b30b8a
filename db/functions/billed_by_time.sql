-- A session is a time in the calendar, so only a service billed by time can be booked (#16 item 4).
-- Until now only the booking dialog knew this (its TIMED_UNITS list): a per-day, per-month or
-- per-km service booked through the API became a session billed as 1 unit whatever its length.
-- billed_by_time is the one home of the list: the triggers below and the service list that the
-- booking dialog filters on (listServices' `bookable`) both ask it.
CREATE OR REPLACE FUNCTION billed_by_time(p_unit text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_unit IN ('hour', 'academic_hour', 'session')
$$;
