-- Hand-written. Guarantees, whatever writes the row: an allocation settles a numbered invoice
-- (not a draft, not a credit note); the allocations of one payment never add up to more than the
-- payment; those of one invoice never to more than the invoice asks for (its total net of credit
-- notes). The payment and invoice rows are locked first, so two allocations at the same moment
-- are counted one after the other. The refusal's DETAIL carries the figures as JSON.
CREATE OR REPLACE FUNCTION payment_allocations_within_limits() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pay_amount bigint;
  pay_used bigint;
  inv record;
  inv_due bigint;
  inv_used bigint;
BEGIN
  SELECT amount_cents INTO pay_amount FROM payments WHERE id = NEW.payment_id FOR UPDATE;
  SELECT coalesce(sum(amount_cents), 0) INTO pay_used FROM payment_allocations
    WHERE payment_id = NEW.payment_id AND id <> NEW.id;
  IF pay_used + NEW.amount_cents > pay_amount THEN
    RAISE EXCEPTION 'the allocations exceed the payment' USING ERRCODE = 'check_violation',
      CONSTRAINT = 'payment_allocations_within_payment',
      DETAIL = json_build_object('limit', pay_amount, 'used', pay_used, 'asked', NEW.amount_cents)::text;
  END IF;
  SELECT id, type, status, total_cents INTO inv FROM invoices WHERE id = NEW.invoice_id FOR UPDATE;
  IF inv.type <> 'DEB' OR inv.status = 'draft' THEN
    RAISE EXCEPTION 'a payment settles a numbered invoice' USING ERRCODE = 'check_violation',
      CONSTRAINT = 'payment_allocations_numbered_invoice';
  END IF;
  SELECT inv.total_cents + coalesce(sum(total_cents), 0) INTO inv_due FROM invoices
    WHERE credited_invoice_id = NEW.invoice_id AND type = 'CRE' AND status <> 'draft';
  SELECT coalesce(sum(amount_cents), 0) INTO inv_used FROM payment_allocations
    WHERE invoice_id = NEW.invoice_id AND id <> NEW.id;
  IF inv_used + NEW.amount_cents > inv_due THEN
    RAISE EXCEPTION 'the allocations exceed the invoice' USING ERRCODE = 'check_violation',
      CONSTRAINT = 'payment_allocations_within_invoice',
      DETAIL = json_build_object('limit', inv_due, 'used', inv_used, 'asked', NEW.amount_cents)::text;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER payment_allocations_within_limits BEFORE INSERT OR UPDATE ON payment_allocations
  FOR EACH ROW EXECUTE FUNCTION payment_allocations_within_limits();
