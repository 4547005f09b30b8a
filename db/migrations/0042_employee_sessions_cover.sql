-- Hand-written (Drizzle's index builder has no INCLUDE; db/schema/scheduling.ts declares the key).
-- A specialist's sessions of a period with their ends and statuses, read without the table: work
-- per employee adds up a year of 300 people's rows (300,000) by status, and the dashboard and the
-- workload plan a month of them.
DROP INDEX "session_specialists_employee_idx";--> statement-breakpoint
CREATE INDEX "session_specialists_employee_idx" ON "session_specialists" USING btree ("employee_id", "starts_at") INCLUDE ("ends_at", "status");
