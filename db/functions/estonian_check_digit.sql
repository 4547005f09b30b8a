-- The check digit of an Estonian personal or registry code (weights 1..9,1, then 3..9,1,2,3).
-- Used by the identifier CHECK constraints, so it exists before the schema (db/functions/order.ts).
CREATE OR REPLACE FUNCTION estonian_check_digit(digits text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  w1 integer[] := ARRAY[1,2,3,4,5,6,7,8,9,1];
  w2 integer[] := ARRAY[3,4,5,6,7,8,9,1,2,3];
  s integer := 0;
  r integer;
BEGIN
  FOR i IN 1..length(digits) LOOP
    s := s + substr(digits, i, 1)::integer * w1[i];
  END LOOP;
  r := s % 11;
  IF r < 10 THEN RETURN r; END IF;
  s := 0;
  FOR i IN 1..length(digits) LOOP
    s := s + substr(digits, i, 1)::integer * w2[i];
  END LOOP;
  r := s % 11;
  IF r < 10 THEN RETURN r; END IF;
  RETURN 0;
END $$;
