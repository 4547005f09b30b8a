-- A signed dataset is final: no entry of its decision may be added, changed or removed in the
-- signed period, by the app or by plain SQL. The refusal is a check_violation named
-- dataset_signed whose detail carries the period, which the server words for the person.
CREATE OR REPLACE FUNCTION service_entries_signed_dataset() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  signed record;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT signed_from, signed_to INTO signed FROM dataset_assessments
      WHERE decision_id = OLD.decision_id AND signed_at IS NOT NULL AND OLD.service_date BETWEEN signed_from AND signed_to;
    IF FOUND THEN
      RAISE EXCEPTION 'the dataset of % to % is signed', signed.signed_from, signed.signed_to
        USING ERRCODE = 'check_violation', CONSTRAINT = 'dataset_signed',
              DETAIL = json_build_object('from', signed.signed_from, 'to', signed.signed_to)::text;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT signed_from, signed_to INTO signed FROM dataset_assessments
      WHERE decision_id = NEW.decision_id AND signed_at IS NOT NULL AND NEW.service_date BETWEEN signed_from AND signed_to;
    IF FOUND THEN
      RAISE EXCEPTION 'the dataset of % to % is signed', signed.signed_from, signed.signed_to
        USING ERRCODE = 'check_violation', CONSTRAINT = 'dataset_signed',
              DETAIL = json_build_object('from', signed.signed_from, 'to', signed.signed_to)::text;
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;

-- Named to run right after the month lock (triggers fire in name order), before pricing.
CREATE OR REPLACE TRIGGER service_entries_a_signed_dataset BEFORE INSERT OR UPDATE OR DELETE ON service_entries
  FOR EACH ROW EXECUTE FUNCTION service_entries_signed_dataset();
