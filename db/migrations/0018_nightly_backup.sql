-- The nightly backup schedule and the outcome of its last run, on the one settings row. The hour is
-- checked here too (0-23), so no writer can store an hour the scheduler would never reach.
ALTER TABLE "institution_settings" ADD COLUMN "nightly_backup" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "institution_settings" ADD COLUMN "nightly_backup_hour" smallint DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "institution_settings" ADD COLUMN "last_backup_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "institution_settings" ADD COLUMN "last_backup_ok" boolean;--> statement-breakpoint
ALTER TABLE "institution_settings" ADD COLUMN "last_backup_detail" text;--> statement-breakpoint
ALTER TABLE "institution_settings" ADD CONSTRAINT "institution_settings_backup_hour_range" CHECK ("institution_settings"."nightly_backup_hour" BETWEEN 0 AND 23);