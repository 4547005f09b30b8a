-- Workload invariants that hold whatever code path writes: a person's time entries never add up
-- to more than 24 hours on one day; an entry's work type is the institution's or one of the
-- person's units' (or of a unit above them); nothing of an approved month changes. The
-- application checks first for a friendly message; this trigger decides when two people act at
-- the same moment (workload_lock_employee).
CREATE OR REPLACE FUNCTION time_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  used numeric;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM workload_lock_employee(OLD.employee_id);
    PERFORM workload_assert_month_open(OLD.employee_id, OLD.work_date, 'time_entries');
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  PERFORM workload_lock_employee(NEW.employee_id);
  PERFORM workload_assert_month_open(NEW.employee_id, NEW.work_date, 'time_entries');

  -- A type of a unit reaches that unit's subtree: walk up from the person's own units.
  IF TG_OP = 'INSERT' OR NEW.work_type_id <> OLD.work_type_id OR NEW.employee_id <> OLD.employee_id THEN
    IF NOT EXISTS (
      SELECT 1 FROM work_types wt
       WHERE wt.id = NEW.work_type_id
         AND (wt.unit_id IS NULL OR wt.unit_id IN (
           WITH RECURSIVE up AS (
             SELECT u.id, u.parent_id FROM units u JOIN employee_units eu ON eu.unit_id = u.id
              WHERE eu.employee_id = NEW.employee_id
             UNION
             SELECT p.id, p.parent_id FROM units p JOIN up ON p.id = up.parent_id)
           SELECT id FROM up))
    ) THEN
      RAISE EXCEPTION 'the work type belongs to another unit'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'time_entries_type_of_own_unit';
    END IF;
  END IF;

  -- Hours out of range are left to time_entries_hours_range, whose message says just that.
  SELECT coalesce(sum(hours), 0) INTO used FROM time_entries
   WHERE employee_id = NEW.employee_id AND work_date = NEW.work_date AND id <> NEW.id;
  IF NEW.hours <= 24 AND used + NEW.hours > 24 THEN
    RAISE EXCEPTION 'more than 24 hours on %', NEW.work_date
      USING ERRCODE = 'check_violation', CONSTRAINT = 'time_entries_day_at_most_24_hours',
            DETAIL = jsonb_build_object('used', used, 'asked', NEW.hours, 'date', NEW.work_date)::text;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER time_entries_guard BEFORE INSERT OR UPDATE OR DELETE ON time_entries
  FOR EACH ROW EXECUTE FUNCTION time_entries_guard();
