ALTER TABLE "session_specialists" ADD COLUMN "status" text DEFAULT 'planned' NOT NULL;--> statement-breakpoint
-- Hand-written. The rows an installation has get their session's status now; from here on
-- db/functions/session_member_copy_time.sql and sessions_propagate_time.sql keep the copy.
UPDATE "session_specialists" sp SET "status" = s."status" FROM "sessions" s WHERE s."id" = sp."session_id" AND sp."status" <> s."status";
