-- Keeps service_report_balances exact whatever writes the rows, plain SQL included, by adding
-- each change's difference to the reports of the invoice it concerns (those with a line on it):
--   - an allocation added, changed or removed: its amount to the paid of its invoice's reports
--     (old and new invoice);
--   - a debit invoice numbered (or no longer counted): what it asks for and has received, added
--     (or subtracted); a numbered one's total changed: the difference;
--   - a credit note confirmed (or no longer counted, or moved to another invoice): its total
--     (negative) to the due of the credited invoice's reports.
-- Only numbered debit invoices count (invoice_balances), and their lines never change
-- (invoice_lines_frozen_once_numbered), so these are all the changes there are. Differences
-- commute, so writers at the same moment cannot lose each other's; the invoice row is locked
-- before the report rows, in the order allocations already take it, and the report rows are
-- upserted in key order, so writers wait for each other instead of deadlocking.
CREATE OR REPLACE FUNCTION service_report_balances_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_old_counted boolean;
  v_new_counted boolean;
  v_due bigint;
  v_paid bigint;
BEGIN
  IF TG_TABLE_NAME = 'payment_allocations' THEN
    IF TG_OP <> 'INSERT' THEN PERFORM service_report_balances_add(OLD.invoice_id, 0, -OLD.amount_cents); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM service_report_balances_add(NEW.invoice_id, 0, NEW.amount_cents); END IF;
    RETURN NULL;
  END IF;
  -- A debit invoice: counted while numbered.
  v_old_counted := TG_OP = 'UPDATE' AND OLD.type = 'DEB' AND OLD.status <> 'draft';
  v_new_counted := NEW.type = 'DEB' AND NEW.status <> 'draft';
  IF v_old_counted AND v_new_counted THEN
    PERFORM service_report_balances_add(NEW.id, NEW.total_cents - OLD.total_cents, 0);
  ELSIF v_old_counted <> v_new_counted THEN
    SELECT NEW.total_cents + coalesce((SELECT sum(c.total_cents) FROM invoices c
             WHERE c.credited_invoice_id = NEW.id AND c.type = 'CRE' AND c.status <> 'draft'), 0),
           coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = NEW.id), 0)
      INTO v_due, v_paid;
    -- No longer counted (a numbered invoice never goes back, but plain SQL could): as its old self.
    PERFORM service_report_balances_add(NEW.id, CASE WHEN v_new_counted THEN v_due ELSE -v_due END,
      CASE WHEN v_new_counted THEN v_paid ELSE -v_paid END, v_new_counted);
  END IF;
  -- A credit note: counted against the invoice it credits while confirmed.
  v_old_counted := TG_OP = 'UPDATE' AND OLD.type = 'CRE' AND OLD.status <> 'draft';
  v_new_counted := NEW.type = 'CRE' AND NEW.status <> 'draft';
  IF v_old_counted AND v_new_counted AND OLD.credited_invoice_id IS NOT DISTINCT FROM NEW.credited_invoice_id THEN
    PERFORM service_report_balances_add(NEW.credited_invoice_id, NEW.total_cents - OLD.total_cents, 0);
  ELSE
    IF v_old_counted THEN PERFORM service_report_balances_add(OLD.credited_invoice_id, -OLD.total_cents, 0); END IF;
    IF v_new_counted THEN PERFORM service_report_balances_add(NEW.credited_invoice_id, NEW.total_cents, 0); END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER service_report_balances_allocations AFTER INSERT OR UPDATE OF invoice_id, amount_cents OR DELETE ON payment_allocations
  FOR EACH ROW EXECUTE FUNCTION service_report_balances_keep();
CREATE OR REPLACE TRIGGER service_report_balances_invoices AFTER INSERT OR UPDATE OF status, type, total_cents, credited_invoice_id ON invoices
  FOR EACH ROW EXECUTE FUNCTION service_report_balances_keep();
