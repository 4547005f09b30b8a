-- For service_report_balances_keep.sql: adds a difference to the rows of the reports with a line
-- on an invoice, if the invoice counts (p_check: a numbered debit invoice, checked once its row
-- is locked; the rows are then upserted in key order).
CREATE OR REPLACE FUNCTION service_report_balances_add(p_invoice uuid, p_due bigint, p_paid bigint, p_check boolean DEFAULT true)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_invoice IS NULL OR (p_due = 0 AND p_paid = 0) THEN RETURN; END IF;
  PERFORM 1 FROM invoices WHERE id = p_invoice AND (NOT p_check OR (type = 'DEB' AND status <> 'draft')) FOR NO KEY UPDATE;
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO service_report_balances AS t (month, decision_id, due_cents, paid_cents)
  SELECT r.month, r.decision_id, p_due, p_paid FROM service_reports r
  WHERE r.id IN (SELECT l.service_report_id FROM invoice_lines l WHERE l.invoice_id = p_invoice)
  ORDER BY r.month, r.decision_id
  ON CONFLICT (month, decision_id) DO UPDATE
    SET due_cents = t.due_cents + EXCLUDED.due_cents, paid_cents = t.paid_cents + EXCLUDED.paid_cents;
END $$;
