-- A service's billing unit decides its entries' hours and its specialty their group when the entry
-- names none: when either changes, that service's rows of service_entry_months are recomputed.
CREATE OR REPLACE FUNCTION service_entry_months_service_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.billing_unit IS DISTINCT FROM OLD.billing_unit OR NEW.specialty_id IS DISTINCT FROM OLD.specialty_id THEN
    PERFORM service_entry_months_rebuild(NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER service_entry_months_service_changed AFTER UPDATE OF billing_unit, specialty_id ON services
  FOR EACH ROW EXECUTE FUNCTION service_entry_months_service_changed();
