-- Moves staff_generation on with every statement that changes who is employed, who is active or
-- who works in which unit, in the same transaction: a reader's statement sees the new number
-- exactly when it sees the change. What the calendars keep per generation (teamAccess in
-- server/scheduling/session-actions.ts) depends on nothing else of the database: booking_access_refusal
-- with no clients reads employees.active, covers_specialists reads employee_units.
CREATE OR REPLACE FUNCTION staff_generation_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Random, not n + 1: see migration 0046.
  UPDATE staff_generation SET n = (random() * 9e18)::bigint;
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER employees_staff_generation
  AFTER INSERT OR DELETE OR UPDATE OF id, active OR TRUNCATE ON employees
  FOR EACH STATEMENT EXECUTE FUNCTION staff_generation_bump();

CREATE OR REPLACE TRIGGER employee_units_staff_generation
  AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON employee_units
  FOR EACH STATEMENT EXECUTE FUNCTION staff_generation_bump();
