-- Every write of a person's time entries, possible hours or month locks first takes this
-- transaction-scoped advisory lock for that person. An entry and an approval of the same person
-- therefore queue, and whichever comes second sees the other: under READ COMMITTED each later
-- statement takes a fresh snapshot after the lock is granted.
CREATE OR REPLACE FUNCTION workload_lock_employee(p_employee uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('workload:' || p_employee::text, 0));
END $$;
