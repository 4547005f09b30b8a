-- Identifier check used by CHECK constraints, so that an invalid registry code can never be
-- stored, whatever code path writes it. Same rules as lib/identifiers.ts (domain.md §4).
CREATE OR REPLACE FUNCTION is_valid_registry_code(code text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT code ~ '^[0-9]{8}$' AND estonian_check_digit(substr(code, 1, 7)) = substr(code, 8, 1)::integer
$$;
