-- Nobody is in two places at once. Half-open [start, end) ranges, so back-to-back sessions are
-- fine; cancelled sessions free their time. The room is checked on sessions itself; specialists
-- and clients through their join rows, which carry copies of the session's time and state kept
-- in step by triggers (db/functions/session_member_copy_time.sql, sessions_propagate_time.sql). The application checks first for a friendly message; these
-- constraints decide when two people press "book" at the same moment.
ALTER TABLE sessions ADD CONSTRAINT sessions_room_no_overlap
  EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (room_id IS NOT NULL AND status <> 'cancelled');
--> statement-breakpoint
ALTER TABLE session_specialists ADD CONSTRAINT session_specialists_no_overlap
  EXCLUDE USING gist (employee_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (active);
--> statement-breakpoint
ALTER TABLE session_participants ADD CONSTRAINT session_participants_no_overlap
  EXCLUDE USING gist (client_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (active);
