-- A person's possible hours of an approved month stay as they were approved.
CREATE OR REPLACE FUNCTION possible_hours_overrides_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER possible_hours_overrides_guard BEFORE INSERT OR UPDATE OR DELETE ON possible_hours_overrides
  FOR EACH ROW EXECUTE FUNCTION possible_hours_overrides_guard();
