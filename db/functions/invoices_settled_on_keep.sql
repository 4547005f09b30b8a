-- Keeps invoices.settled_on equal to invoice_settled_on() whatever writes the rows, plain SQL
-- included: an allocation added, changed or removed (its invoice, old and new), a payment's
-- booking day moved (the invoices it pays), an invoice numbered or a credit note confirmed (the
-- invoice and the one it credits). Only a changed value is written. The allocations' own trigger
-- (payment_allocations_within_limits) has locked the invoice first, so two payments at the same
-- moment are counted one after the other.
CREATE OR REPLACE FUNCTION invoices_settled_on_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_ids uuid[];
BEGIN
  IF TG_TABLE_NAME = 'payment_allocations' THEN
    v_ids := ARRAY[CASE WHEN TG_OP <> 'DELETE' THEN NEW.invoice_id END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.invoice_id END];
  ELSIF TG_TABLE_NAME = 'payments' THEN
    SELECT array_agg(DISTINCT a.invoice_id) INTO v_ids FROM payment_allocations a WHERE a.payment_id = NEW.id;
  ELSE
    v_ids := ARRAY[NEW.id, NEW.credited_invoice_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.credited_invoice_id END];
  END IF;
  UPDATE invoices i SET settled_on = s.d
  FROM (SELECT x AS id, invoice_settled_on(x) AS d FROM unnest(v_ids) x WHERE x IS NOT NULL) s
  WHERE i.id = s.id AND i.settled_on IS DISTINCT FROM s.d;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER invoices_settled_on_allocations AFTER INSERT OR UPDATE OR DELETE ON payment_allocations
  FOR EACH ROW EXECUTE FUNCTION invoices_settled_on_keep();
CREATE OR REPLACE TRIGGER invoices_settled_on_payments AFTER UPDATE OF booking_date ON payments
  FOR EACH ROW EXECUTE FUNCTION invoices_settled_on_keep();
-- Its own UPDATE sets settled_on only, which is not among these columns: it does not fire again.
CREATE OR REPLACE TRIGGER invoices_settled_on_invoices AFTER INSERT OR UPDATE OF status, type, total_cents, invoice_date, credited_invoice_id ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_settled_on_keep();
