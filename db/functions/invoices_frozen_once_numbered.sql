-- Invoice numbers: once given, an invoice keeps its number, its lines and its totals; a
-- correction is a credit note. Only the status and sending fields move on.
CREATE OR REPLACE FUNCTION invoices_frozen_once_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'a numbered invoice cannot be deleted' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_numbered_not_deleted';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.number IS DISTINCT FROM OLD.number OR NEW.net_cents <> OLD.net_cents
      OR NEW.vat_cents <> OLD.vat_cents OR NEW.buyer IS DISTINCT FROM OLD.buyer OR NEW.seller IS DISTINCT FROM OLD.seller
      OR NEW.invoice_date IS DISTINCT FROM OLD.invoice_date OR NEW.status = 'draft') THEN
    RAISE EXCEPTION 'a numbered invoice cannot be changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_numbered_frozen';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER invoices_frozen_once_numbered BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_frozen_once_numbered();
