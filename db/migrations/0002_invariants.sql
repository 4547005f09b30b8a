-- The first row of the audit chain's head and the single settings row. The invariants that must hold
-- whatever code path writes (the audit chain, the acyclic unit tree, roles that always grant
-- something) are triggers in db/functions/ (audit_log_chain, units_refuse_cycle, ...).

-- Audit log: every row is chained to the previous by SHA-256. Inserts are serialised through the
-- one row of audit_chain_head (FOR UPDATE), which also remembers the last row, so that deleting
-- the newest rows is detectable too.
INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64));
--> statement-breakpoint
INSERT INTO institution_settings (id) VALUES (1);
