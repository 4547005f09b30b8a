-- Locking a month takes the person's lock too, whoever writes the row.
CREATE OR REPLACE FUNCTION timesheet_locks_serialise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM workload_lock_employee(NEW.employee_id);
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER timesheet_locks_serialise BEFORE INSERT OR UPDATE ON timesheet_locks
  FOR EACH ROW EXECUTE FUNCTION timesheet_locks_serialise();
