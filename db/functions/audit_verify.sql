-- Recomputes every chain in one pass; returns one row per problem found (none when intact).
CREATE OR REPLACE FUNCTION audit_verify() RETURNS TABLE (seq bigint, problem text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  r audit_log;
  head audit_chain_head%ROWTYPE;
  tail_seq bigint[] := array_fill(0::bigint, ARRAY[32]);
  tail_hash text[] := array_fill(repeat('0', 64), ARRAY[32]);
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY audit_log.chain, audit_log.seq LOOP
    IF r.chain NOT BETWEEN 1 AND 32 THEN
      seq := r.seq; problem := 'belongs to no chain'; RETURN NEXT;
      CONTINUE;
    END IF;
    IF r.prev_hash <> tail_hash[r.chain] THEN
      seq := r.seq; problem := 'does not follow the previous row'; RETURN NEXT;
    END IF;
    IF r.hash <> audit_row_hash(r) THEN
      seq := r.seq; problem := 'content does not match its hash'; RETURN NEXT;
    END IF;
    tail_seq[r.chain] := r.seq;
    tail_hash[r.chain] := r.hash;
  END LOOP;
  FOR head IN SELECT * FROM audit_chain_head ORDER BY id LOOP
    IF head.last_seq <> tail_seq[head.id] OR head.last_hash <> tail_hash[head.id] THEN
      seq := head.last_seq; problem := 'the newest rows are missing'; RETURN NEXT;
    END IF;
  END LOOP;
END $$;
