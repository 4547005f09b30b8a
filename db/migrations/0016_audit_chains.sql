ALTER TABLE "audit_chain_head" DROP CONSTRAINT "audit_chain_head_single_row";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_chain_head" ADD CONSTRAINT "audit_chain_head_known_chain" CHECK ("audit_chain_head"."id" BETWEEN 1 AND 32);--> statement-breakpoint
-- The audit log becomes 32 hash chains written side by side. With one chain, every audited
-- transaction (a booking, but also every read of a client's data) held the one head row from its
-- audit insert to its commit, WAL flush included: with fsync on, all of them queued behind each
-- other's disk writes and none could share a flush. Now a transaction takes the first head no one
-- else holds (SKIP LOCKED, starting from a place its backend picks) and keeps it for the rest of
-- its audit rows; only when all 32 are taken does it wait.
--
-- Each chain is what the single chain was: every row carries the hash of the previous row of its
-- chain, and the chain's head remembers its newest row, so an altered, removed or newest-deleted
-- row is found by audit_verify(). seq now comes from a sequence (a rolled-back insert leaves a
-- gap) and orders rows across chains; within a chain it rises with the chain. Rows written
-- before this migration are chain 1, unchanged, and still verify.
INSERT INTO audit_chain_head (id, last_seq, last_hash)
SELECT g, 0, repeat('0', 64) FROM generate_series(2, 32) g;
--> statement-breakpoint
CREATE SEQUENCE audit_log_seq AS bigint OWNED BY audit_log.seq;
--> statement-breakpoint
SELECT setval('audit_log_seq', greatest((SELECT max(seq) FROM audit_log), (SELECT last_seq FROM audit_chain_head WHERE id = 1), 0) + 1, false);
--> statement-breakpoint
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
--> statement-breakpoint
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
