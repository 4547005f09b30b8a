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
