-- Recomputes the monthly dataset aggregate (service_entry_months, service_entry_shared_sessions)
-- from the entries themselves: of one service (when its billing unit or specialty changed, which
-- moves its entries' hours or group), or of everything (after a bulk load with triggers off, as
-- npm run demo:large does). The definition the statement triggers keep true row by row; the
-- parity test compares both with the entries.
CREATE OR REPLACE FUNCTION service_entry_months_rebuild(p_service uuid DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM service_entry_months WHERE p_service IS NULL OR service_id = p_service;
  INSERT INTO service_entry_months (month, client_id, decision_id, service_id, specialist_id, specialty_id,
    entries, solo_sessions, units, hours, amount_cents)
  SELECT date_trunc('month', e.service_date)::date, e.client_id, e.decision_id, e.service_id, e.specialist_id, coalesce(e.specialty_id, s.specialty_id),
    count(*), count(*) FILTER (WHERE e.session_id IS NULL OR shared.session_id IS NULL), sum(e.units),
    sum(CASE s.billing_unit WHEN 'hour' THEN e.units WHEN 'academic_hour' THEN e.units * 0.75
      ELSE coalesce(extract(epoch FROM (ss.ends_at - ss.starts_at)) / 3600, 0)::numeric END),
    sum(e.amount_cents)
  FROM service_entries e JOIN services s ON s.id = e.service_id LEFT JOIN sessions ss ON ss.id = e.session_id
  LEFT JOIN (SELECT x.session_id FROM service_entries x WHERE x.session_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) shared
    ON shared.session_id = e.session_id
  WHERE p_service IS NULL OR e.service_id = p_service
  GROUP BY 1, 2, 3, 4, 5, 6;
  IF p_service IS NULL THEN
    DELETE FROM service_entry_shared_sessions;
    INSERT INTO service_entry_shared_sessions (session_id)
    SELECT session_id FROM service_entries WHERE session_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1;
  END IF;
END $$;
