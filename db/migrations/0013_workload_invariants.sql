-- Workload invariants that hold whatever code path writes:
--  * a person's time entries never add up to more than 24 hours on one day;
--  * an entry's work type is the institution's or one of the person's units' (or of a unit
--    above them): nobody logs time under another unit's type;
--  * once a person's month is approved (a row in timesheet_locks), nothing of that month
--    changes: no time entry is added, changed or removed, and the possible hours stay.
-- Every write of a person's entries, possible hours or month locks first takes one
-- transaction-scoped advisory lock for that person. An entry and an approval of the same person
-- therefore queue, and whichever comes second sees the other: under READ COMMITTED each
-- statement below takes a fresh snapshot after the lock is granted. The application checks
-- first for a friendly message; these triggers decide when two people act at the same moment.
CREATE FUNCTION workload_lock_employee(p_employee uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('workload:' || p_employee::text, 0));
END $$;
--> statement-breakpoint
CREATE FUNCTION workload_assert_month_open(p_employee uuid, p_day date, p_table text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM timesheet_locks WHERE employee_id = p_employee AND month = date_trunc('month', p_day)::date) THEN
    RAISE EXCEPTION 'the time sheet of % is approved', to_char(p_day, 'YYYY-MM')
      USING ERRCODE = 'check_violation', CONSTRAINT = p_table || '_month_not_approved',
            DETAIL = jsonb_build_object('month', to_char(p_day, 'YYYY-MM'))::text;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION time_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
--> statement-breakpoint
CREATE TRIGGER time_entries_guard BEFORE INSERT OR UPDATE OR DELETE ON time_entries
  FOR EACH ROW EXECUTE FUNCTION time_entries_guard();
--> statement-breakpoint
CREATE FUNCTION possible_hours_overrides_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM workload_lock_employee(OLD.employee_id);
    PERFORM workload_assert_month_open(OLD.employee_id, OLD.month, 'possible_hours_overrides');
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  PERFORM workload_lock_employee(NEW.employee_id);
  PERFORM workload_assert_month_open(NEW.employee_id, NEW.month, 'possible_hours_overrides');
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER possible_hours_overrides_guard BEFORE INSERT OR UPDATE OR DELETE ON possible_hours_overrides
  FOR EACH ROW EXECUTE FUNCTION possible_hours_overrides_guard();
--> statement-breakpoint
-- Locking a month takes the person's lock too, whoever writes the row.
CREATE FUNCTION timesheet_locks_serialise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM workload_lock_employee(NEW.employee_id);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER timesheet_locks_serialise BEFORE INSERT OR UPDATE ON timesheet_locks
  FOR EACH ROW EXECUTE FUNCTION timesheet_locks_serialise();
