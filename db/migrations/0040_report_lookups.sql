ALTER TABLE "session_participants" ADD COLUMN "status" text DEFAULT 'planned' NOT NULL;--> statement-breakpoint
-- Hand-written. The rows an installation has get their session's status now, past their month
-- locks (a copy, not a change of what was confirmed); from here on
-- db/functions/session_member_copy_time.sql and sessions_propagate_time.sql keep the copy.
ALTER TABLE "session_participants" DISABLE TRIGGER USER;--> statement-breakpoint
UPDATE "session_participants" p SET "status" = s."status" FROM "sessions" s WHERE s."id" = p."session_id" AND p."status" <> s."status";--> statement-breakpoint
ALTER TABLE "session_participants" ENABLE TRIGGER USER;--> statement-breakpoint
DROP INDEX "session_participants_missing_entry_idx";--> statement-breakpoint
CREATE INDEX "session_participants_decision_open_idx" ON "session_participants" USING btree ("decision_id") WHERE "session_participants"."entry_id" IS NULL AND "session_participants"."status" IN ('planned', 'agreed');--> statement-breakpoint
CREATE INDEX "session_participants_missing_entry_idx" ON "session_participants" USING btree ("starts_at") WHERE "session_participants"."entry_id" IS NULL AND "session_participants"."attendance" <> 'absent' AND "session_participants"."status" = 'done';--> statement-breakpoint
-- Hand-written (Drizzle's index builder has no INCLUDE). A period's rows of the monthly dataset
-- in one index range, read without the table: the aggregate's rows of a month are scattered
-- over the table by its upserts, and a year of them was 10,000 pages of a 600,000-row table.
CREATE INDEX "service_entry_months_month_cover" ON "service_entry_months" USING btree ("month")
  INCLUDE ("client_id", "decision_id", "service_id", "specialist_id", "specialty_id", "entries", "solo_sessions", "units", "hours", "amount_cents");
--> statement-breakpoint
-- Hand-written. A decision's months with what its limits sum, read without the table: the
-- decisions report looks into each running decision's months (7,000 limits in a year of a large institution).
CREATE INDEX "service_entry_months_decision_cover" ON "service_entry_months" USING btree ("decision_id", "month")
  INCLUDE ("service_id", "units", "amount_cents");
