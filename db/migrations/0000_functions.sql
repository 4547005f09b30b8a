-- Identifier checks used by CHECK constraints, so that an invalid personal or registry code can
-- never be stored, whatever code path writes it. Same rules as lib/identifiers.ts (domain.md §4).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
CREATE FUNCTION estonian_check_digit(digits text) RETURNS integer
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
--> statement-breakpoint
CREATE FUNCTION is_valid_personal_code(code text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  century integer;
  y integer; m integer; d integer;
BEGIN
  IF code !~ '^[1-8][0-9]{10}$' THEN RETURN false; END IF;
  IF estonian_check_digit(substr(code, 1, 10)) <> substr(code, 11, 1)::integer THEN RETURN false; END IF;
  century := 1800 + ((substr(code, 1, 1)::integer - 1) / 2) * 100;
  y := century + substr(code, 2, 2)::integer;
  m := substr(code, 4, 2)::integer;
  d := substr(code, 6, 2)::integer;
  IF m < 1 OR m > 12 OR d < 1 THEN RETURN false; END IF;
  RETURN d <= extract(day FROM (make_date(y, m, 1) + interval '1 month - 1 day'))::integer;
END $$;
--> statement-breakpoint
CREATE FUNCTION is_valid_registry_code(code text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT code ~ '^[0-9]{8}$' AND estonian_check_digit(substr(code, 1, 7)) = substr(code, 8, 1)::integer
$$;
