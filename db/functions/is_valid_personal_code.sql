-- Identifier check used by CHECK constraints, so that an invalid personal code can never be
-- stored, whatever code path writes it. Same rules as lib/identifiers.ts (domain.md §4).
CREATE OR REPLACE FUNCTION is_valid_personal_code(code text) RETURNS boolean
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
