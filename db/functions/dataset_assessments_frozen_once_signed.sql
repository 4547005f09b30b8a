-- A signed assessment stays as it was signed: its text, period and signer cannot change and the
-- row cannot be removed (which would also lift the freeze of the period's entries).
CREATE OR REPLACE FUNCTION dataset_assessments_frozen_once_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'the dataset is signed and cannot change'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'dataset_signed',
            DETAIL = json_build_object('from', OLD.signed_from, 'to', OLD.signed_to)::text;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE TRIGGER dataset_assessments_frozen_once_signed BEFORE UPDATE OR DELETE ON dataset_assessments
  FOR EACH ROW EXECUTE FUNCTION dataset_assessments_frozen_once_signed();
