-- Is the month of `day` confirmed for the client? With a decision: for that decision; without
-- one (a session not yet charged to a decision): for any of the client's decisions. Runs for
-- every participant row written: PL/pgSQL with a kept plan, so it is not planned on each call.
CREATE OR REPLACE FUNCTION month_locked(p_client uuid, p_decision uuid, p_day date) RETURNS boolean
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM service_reports
    WHERE client_id = p_client AND month = date_trunc('month', p_day)::date AND status = 'confirmed'
      AND (p_decision IS NULL OR decision_id = p_decision));
END $$;
