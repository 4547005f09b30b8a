-- A service entry refused by a funding rule: a check_violation named after the rule, with the
-- figures in its detail for the server's message.
CREATE OR REPLACE FUNCTION service_entry_refused(constraint_name text, message text, detail jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', message USING ERRCODE = 'check_violation', CONSTRAINT = constraint_name, DETAIL = detail::text;
END $$;
