-- Hand-written. A calendar read is logged as one audit row listing the clients shown
-- (details.clientIds): a week of sixty rooms is some 3,000 ids, a 120 kB jsonb. PostgreSQL tried
-- to compress each such value before storing it out of line, and gave up (pglz saves too little
-- on random ids: stored size equalled raw size for every one measured), which cost 2.5-5 ms a
-- view of PostgreSQL's CPU (8.3 -> 5.7 ms an insert, measured alone). EXTERNAL stores large
-- values out of line without the attempt; small ones, nearly every row, stay inline as before.
-- Existing rows are not rewritten.
ALTER TABLE "audit_log" ALTER COLUMN "details" SET STORAGE EXTERNAL;
