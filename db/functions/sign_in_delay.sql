-- How long a throttle key waits after its n-th counted attempt: nothing for the first `free` - 1,
-- then 30 s doubling per attempt up to 15 minutes. Used by the one statement that reserves a
-- sign-in attempt (server/auth/throttle.ts), so the count and the decision happen under the same
-- row lock and concurrent attempts cannot slip past it.
CREATE OR REPLACE FUNCTION sign_in_delay(failures integer, free integer) RETURNS interval
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN failures < free THEN NULL
              ELSE least(30 * power(2, least(failures - free, 10)), 900) * interval '1 second' END
$$;
