-- The issuer printed on an invoice is frozen with its number, like the seller and
-- buyer (invoices_frozen_once_numbered of 0011 is left as it is; this trigger adds the column).
CREATE OR REPLACE FUNCTION invoices_issuer_frozen_once_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND NEW.issuer IS DISTINCT FROM OLD.issuer THEN
    RAISE EXCEPTION 'a numbered invoice cannot be changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_numbered_frozen';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER invoices_issuer_frozen_once_numbered BEFORE UPDATE OF issuer ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_issuer_frozen_once_numbered();
