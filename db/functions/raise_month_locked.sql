-- The refusal of a write into a confirmed month: a check_violation named month_locked whose
-- detail carries the month, which the server words for the person.
CREATE OR REPLACE FUNCTION raise_month_locked(p_client uuid, p_day date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the month % is confirmed and locked for this client', to_char(p_day, 'YYYY-MM')
    USING ERRCODE = 'check_violation', CONSTRAINT = 'month_locked',
          DETAIL = json_build_object('month', to_char(p_day, 'YYYY-MM'), 'clientId', p_client)::text;
END $$;
