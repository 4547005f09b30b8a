-- Unit tree: a unit can never become its own ancestor. The advisory lock serialises tree moves so
-- that two concurrent moves cannot together close a loop.
CREATE OR REPLACE FUNCTION units_refuse_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_id IS NULL THEN RETURN NEW; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('units_tree'));
  IF EXISTS (
    WITH RECURSIVE ancestors(id, parent_id) AS (
      SELECT u.id, u.parent_id FROM units u WHERE u.id = NEW.parent_id
      UNION
      SELECT u.id, u.parent_id FROM units u JOIN ancestors a ON u.id = a.parent_id
    )
    SELECT 1 FROM ancestors WHERE id = NEW.id
  ) THEN
    RAISE EXCEPTION 'unit % cannot be placed under its own descendant %', NEW.id, NEW.parent_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'units_no_cycle';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER units_no_cycle BEFORE INSERT OR UPDATE OF parent_id ON units
  FOR EACH ROW EXECUTE FUNCTION units_refuse_cycle();
