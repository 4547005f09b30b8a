-- Hand-written. A calendar read is logged as one audit row listing the clients shown
-- (details.clientIds, some 3,000 ids for a week of sixty rooms), and each id is an entry of the
-- GIN index that finds a client's access history. GIN collects new entries in a pending list and
-- moves them into the index when the list outgrows gin_pending_list_limit (4 MB by default), and
-- the insert that crosses it does the whole move while its reader waits: on the large
-- installation every ~30th week view took 67-165 ms of PostgreSQL's for its audit row instead of
-- ~6 ms. The server now empties the list once a minute in the background
-- (server/audit/index-upkeep.ts); the larger limit keeps that from an insert's path even under a
-- minute of heavy reading (64 MB: some 650 such week views). Autovacuum empties it as before.
ALTER INDEX "audit_log_details_client_ids_idx" SET (gin_pending_list_limit = 65536);
