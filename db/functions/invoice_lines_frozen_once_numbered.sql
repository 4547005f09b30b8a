-- The lines of a numbered invoice are frozen with it (see invoices_frozen_once_numbered).
CREATE OR REPLACE FUNCTION invoice_lines_frozen_once_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st text;
BEGIN
  SELECT status INTO st FROM invoices WHERE id = coalesce(NEW.invoice_id, OLD.invoice_id);
  IF st IS NOT NULL AND st <> 'draft' THEN
    RAISE EXCEPTION 'the lines of a numbered invoice cannot be changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_numbered_frozen';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER invoice_lines_frozen_once_numbered BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines
  FOR EACH ROW EXECUTE FUNCTION invoice_lines_frozen_once_numbered();
