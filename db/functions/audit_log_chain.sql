-- The audit log is 32 hash chains written side by side: every row carries the hash of the previous
-- row of its chain, and the chain's head (audit_chain_head) remembers its newest row. A
-- transaction takes the first head no one else holds (SKIP LOCKED, starting from a place its
-- backend picks) and keeps it for the rest of its audit rows; only when all 32 are taken does it
-- wait. With one chain, every audited transaction queued behind the others' WAL flush. seq comes
-- from a sequence (a rolled-back insert leaves a gap) and orders rows across chains.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
  held text := current_setting('hoolekanne.audit_chain', true);
  start integer;
BEGIN
  IF held <> '' THEN
    -- This transaction holds a chain already: its rows stay together.
    SELECT * INTO head FROM audit_chain_head WHERE id = held::integer FOR UPDATE;
  ELSE
    -- Usually the backend's own chain is free: one look-up by key. Else the next free one.
    start := 1 + pg_backend_pid() % 32;
    SELECT * INTO head FROM audit_chain_head WHERE id = start FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
      SELECT * INTO head FROM audit_chain_head ORDER BY (id - start + 32) % 32 LIMIT 1 FOR UPDATE SKIP LOCKED;
    END IF;
    IF NOT FOUND THEN
      SELECT * INTO head FROM audit_chain_head WHERE id = start FOR UPDATE;
    END IF;
    -- Transaction-local: forgotten at commit or rollback, undone with a rolled-back savepoint
    -- (whose lock is released with it).
    held := set_config('hoolekanne.audit_chain', head.id::text, true);
  END IF;
  NEW.chain := head.id;
  NEW.seq := nextval('audit_log_seq');
  NEW.prev_hash := head.last_hash;
  NEW.at := date_trunc('microseconds', coalesce(NEW.at, now()));
  NEW.hash := audit_row_hash(NEW);
  UPDATE audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.hash WHERE id = head.id;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
