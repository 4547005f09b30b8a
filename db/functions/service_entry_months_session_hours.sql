-- An entry of a service not billed by the hour counts its session's length as hours: when a
-- session is moved to another length or deleted, service_entry_months takes the difference for
-- each of its entries, so the aggregate's hours stay those of the entries joined to the sessions.
CREATE OR REPLACE FUNCTION service_entry_months_session_hours() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was numeric := extract(epoch FROM (OLD.ends_at - OLD.starts_at)) / 3600;
  now_hours numeric := CASE WHEN TG_OP = 'DELETE' THEN 0 ELSE extract(epoch FROM (NEW.ends_at - NEW.starts_at)) / 3600 END;
BEGIN
  IF was IS DISTINCT FROM now_hours THEN
    UPDATE service_entry_months m SET hours = m.hours + x.delta
    FROM (SELECT date_trunc('month', e.service_date)::date AS month, e.client_id, e.decision_id, e.service_id, e.specialist_id,
            coalesce(e.specialty_id, s.specialty_id) AS specialty_id, sum(now_hours - was) AS delta
          FROM service_entries e JOIN services s ON s.id = e.service_id
          WHERE e.session_id = OLD.id AND s.billing_unit NOT IN ('hour', 'academic_hour')
          GROUP BY 1, 2, 3, 4, 5, 6) x
    WHERE m.month = x.month AND m.client_id = x.client_id AND m.decision_id = x.decision_id AND m.service_id = x.service_id
      AND m.specialist_id = x.specialist_id AND m.specialty_id IS NOT DISTINCT FROM x.specialty_id;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER service_entry_months_session_hours AFTER UPDATE OF starts_at, ends_at OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION service_entry_months_session_hours();
