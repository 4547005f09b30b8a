ALTER TABLE "units" ADD COLUMN "name_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "funding_sources" ADD COLUMN "name_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "work_types" ADD COLUMN "name_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- English names are stored trimmed, so "no English name" is exactly the empty string, for which
-- the English UI shows the Estonian name (lib/local-name.ts).
ALTER TABLE "units" ADD CONSTRAINT "units_name_en_trimmed" CHECK ("name_en" = btrim("name_en"));--> statement-breakpoint
ALTER TABLE "funding_sources" ADD CONSTRAINT "funding_sources_name_en_trimmed" CHECK ("name_en" = btrim("name_en"));--> statement-breakpoint
ALTER TABLE "work_types" ADD CONSTRAINT "work_types_name_en_trimmed" CHECK ("name_en" = btrim("name_en"));
