-- Refuses a write into a person's approved month (a row in timesheet_locks) as a check_violation
-- named <table>_month_not_approved.
CREATE OR REPLACE FUNCTION workload_assert_month_open(p_employee uuid, p_day date, p_table text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM timesheet_locks WHERE employee_id = p_employee AND month = date_trunc('month', p_day)::date) THEN
    RAISE EXCEPTION 'the time sheet of % is approved', to_char(p_day, 'YYYY-MM')
      USING ERRCODE = 'check_violation', CONSTRAINT = p_table || '_month_not_approved',
            DETAIL = jsonb_build_object('month', to_char(p_day, 'YYYY-MM'))::text;
  END IF;
END $$;
