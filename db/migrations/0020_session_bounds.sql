-- Plausible session times (issue #11, item 11): the rules are db/functions/session_time_refusal.sql
-- and the trigger db/functions/sessions_time_plausible.sql.
-- book_session gains the caller's late-entry permission, a new last parameter that defaults to
-- false (callers passing the old 17 arguments still resolve). A new parameter makes a new
-- function: the old one goes here, db/functions/book_session.sql creates the new one.
DROP FUNCTION IF EXISTS book_session(text, uuid[], uuid, text, uuid[], uuid, uuid, uuid, uuid, timestamptz, timestamptz, uuid[], uuid[], uuid[], text, text, jsonb);
--> statement-breakpoint
-- The standard administrator role of an existing installation holds the new permission, as
-- ensureStandardRoles gives it to a new one; other roles get it when someone decides so.
INSERT INTO role_permissions (role_id, resource, action, scope)
SELECT id, 'sessions', 'late_entry', 'all' FROM roles WHERE key = 'administrator'
ON CONFLICT DO NOTHING;
