-- The calendars ask, for every team of specialists they show, what the viewer may do with its
-- sessions (booking_access_refusal and covers_specialists over a few hundred teams: 6 ms of
-- PostgreSQL's for a week of sixty rooms, on every view). The answers depend only on the viewer
-- and on employees' being active and their units, so they are kept per generation of those, and
-- this one row's number changes with every change to them (db/functions/staff_generation_bump.sql).
CREATE TABLE "staff_generation" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "staff_generation_one_row" CHECK ("staff_generation"."id")
);--> statement-breakpoint
-- A random number, and a new random number with each change (not n + 1): a database restored
-- from a backup, or another database, never shows a number a running server has kept answers
-- under for a different state.
INSERT INTO "staff_generation" ("id", "n") VALUES (true, (random() * 9e18)::bigint);
