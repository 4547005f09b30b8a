-- Recomputes service_report_balances from its definition: for each service report (decision and
-- month), the sums over the distinct numbered invoices with a line of it of what they ask for
-- (invoice_balances.due_cents: the total, confirmed credit notes subtracted) and what is paid on
-- them. Used after a bulk load with triggers off (npm run demo:large); the row triggers of
-- service_report_balances_keep.sql keep the same definition true, and the parity test compares both.
CREATE OR REPLACE FUNCTION service_report_balances_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM service_report_balances;
  INSERT INTO service_report_balances (month, decision_id, due_cents, paid_cents)
  SELECT r.month, r.decision_id, sum(b.due_cents), sum(b.paid_cents)
  FROM service_reports r
  JOIN (SELECT DISTINCT service_report_id, invoice_id FROM invoice_lines) l ON l.service_report_id = r.id
  JOIN invoice_balances b ON b.invoice_id = l.invoice_id
  GROUP BY 1, 2;
END $$;
