-- Keeps service_entry_months exact for every write of entries, plain SQL included: one statement
-- trigger per event adds the new rows and subtracts the old ones, grouped by the aggregate's key,
-- in one upsert. Locked months need nothing special: an entry there changes only after its month
-- is re-opened, and then through here. Credit notes do not touch entries (the reports join the
-- invoices at read time). Sessions: an entry alone on its session (or without one) counts as a
-- solo session of its row; the sessions touched are re-counted before and after the statement,
-- so a second participant's entry turns the first one's solo session into a shared one.
CREATE OR REPLACE FUNCTION service_entry_months_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_new service_entries[] := '{}';
  v_old service_entries[] := '{}';
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT coalesce(array_agg(n), '{}') INTO v_new FROM new_rows n;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT coalesce(array_agg(o), '{}') INTO v_old FROM old_rows o;
  END IF;
  WITH changed AS (
    SELECT 1 AS sign, n.* FROM unnest(v_new) n
    UNION ALL SELECT -1, o.* FROM unnest(v_old) o
  ), touched AS (
    SELECT DISTINCT session_id FROM changed WHERE session_id IS NOT NULL
  ), post AS (
    SELECT e.* FROM service_entries e WHERE e.session_id IN (SELECT session_id FROM touched)
  ), pre AS (
    SELECT p.* FROM post p WHERE p.id NOT IN (SELECT n.id FROM unnest(v_new) n)
    UNION ALL SELECT o.* FROM unnest(v_old) o WHERE o.session_id IS NOT NULL
  ), solo AS (
    SELECT 1 AS sign, p.* FROM post p WHERE p.session_id IN (SELECT session_id FROM post GROUP BY 1 HAVING count(*) = 1)
    UNION ALL SELECT -1, p.* FROM pre p WHERE p.session_id IN (SELECT session_id FROM pre GROUP BY 1 HAVING count(*) = 1)
    UNION ALL SELECT c.* FROM changed c WHERE c.session_id IS NULL
  ), delta AS (
    SELECT 1 AS counts, c.* FROM changed c
    UNION ALL SELECT 0, s.* FROM solo s
  )
  INSERT INTO service_entry_months AS m (month, client_id, decision_id, service_id, specialist_id, specialty_id,
    entries, solo_sessions, units, hours, amount_cents)
  SELECT date_trunc('month', d.service_date)::date, d.client_id, d.decision_id, d.service_id, d.specialist_id, coalesce(d.specialty_id, s.specialty_id),
    sum(d.sign * d.counts), sum(d.sign * (1 - d.counts)), sum(d.sign * d.counts * d.units),
    sum(d.sign * d.counts * CASE s.billing_unit WHEN 'hour' THEN d.units WHEN 'academic_hour' THEN d.units * 0.75
      ELSE coalesce(extract(epoch FROM (ss.ends_at - ss.starts_at)) / 3600, 0)::numeric END),
    sum(d.sign * d.counts * d.amount_cents)
  FROM delta d JOIN services s ON s.id = d.service_id LEFT JOIN sessions ss ON ss.id = d.session_id
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (month, client_id, decision_id, service_id, specialist_id, (coalesce(specialty_id, '00000000-0000-0000-0000-000000000000'::uuid)))
  DO UPDATE SET entries = m.entries + EXCLUDED.entries, solo_sessions = m.solo_sessions + EXCLUDED.solo_sessions,
    units = m.units + EXCLUDED.units, hours = m.hours + EXCLUDED.hours, amount_cents = m.amount_cents + EXCLUDED.amount_cents;
  -- A key whose last entry went leaves no row behind.
  DELETE FROM service_entry_months m USING (SELECT DISTINCT date_trunc('month', service_date)::date AS month, client_id
      FROM (SELECT n.service_date, n.client_id FROM unnest(v_new) n UNION ALL SELECT o.service_date, o.client_id FROM unnest(v_old) o) x) k
    WHERE m.month = k.month AND m.client_id = k.client_id AND m.entries = 0;
  DELETE FROM service_entry_shared_sessions WHERE session_id IN
    (SELECT n.session_id FROM unnest(v_new) n UNION SELECT o.session_id FROM unnest(v_old) o);
  INSERT INTO service_entry_shared_sessions (session_id)
  SELECT e.session_id FROM service_entries e
  WHERE e.session_id IN (SELECT n.session_id FROM unnest(v_new) n UNION SELECT o.session_id FROM unnest(v_old) o)
  GROUP BY 1 HAVING count(*) > 1;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER service_entry_months_insert AFTER INSERT ON service_entries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION service_entry_months_apply();
CREATE OR REPLACE TRIGGER service_entry_months_update AFTER UPDATE ON service_entries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION service_entry_months_apply();
CREATE OR REPLACE TRIGGER service_entry_months_delete AFTER DELETE ON service_entries
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION service_entry_months_apply();
