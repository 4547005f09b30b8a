-- VAT rates as dated data (#15 item 2). Guarantees:
--  * vat_rates of one kind never overlap in time (vat_rates_no_overlap), so a day has at most one
--    rate per kind;
--  * a taxable price-list item names a rate kind instead of a fixed percentage; existing items
--    keep their meaning (9 % -> reduced, 13 % -> accommodation, anything else -> standard);
--  * every service entry of a taxable item takes the rate of that kind valid on its service date,
--    or is refused (service_entries_vat_rate_exists). Entries keep the rate they were priced with
--    until what or when was given changes (migration 0007's rule), so correcting the table later
--    does not move confirmed months.
--  * funding_sources.einvoice_format chooses the e-invoice a funder receives (EN 16931 by default).
-- The VAT lookup itself is in db/functions/service_entries_price_and_limits.sql.
CREATE TABLE "vat_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"rate" numeric(4, 2) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vat_rates_kind_known" CHECK ("vat_rates"."kind" IN ('standard', 'reduced', 'accommodation')),
	CONSTRAINT "vat_rates_rate_range" CHECK ("vat_rates"."rate" > 0 AND "vat_rates"."rate" < 100),
	CONSTRAINT "vat_rates_period_valid" CHECK ("vat_rates"."valid_to" IS NULL OR "vat_rates"."valid_to" >= "vat_rates"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "price_list_items" DROP CONSTRAINT "price_list_items_vat_rate_when_taxable";--> statement-breakpoint
ALTER TABLE "funding_sources" ADD COLUMN "einvoice_format" text DEFAULT 'en16931' NOT NULL;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD COLUMN "vat_rate_kind" text;--> statement-breakpoint
CREATE INDEX "vat_rates_kind_idx" ON "vat_rates" USING btree ("kind","valid_from");--> statement-breakpoint
ALTER TABLE "funding_sources" ADD CONSTRAINT "funding_sources_einvoice_format_known" CHECK ("funding_sources"."einvoice_format" IN ('en16931', 'einvoice_1_2'));--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_vat_rate_kind_known" CHECK ("price_list_items"."vat_rate_kind" IS NULL OR "price_list_items"."vat_rate_kind" IN ('standard', 'reduced', 'accommodation'));
--> statement-breakpoint
ALTER TABLE vat_rates ADD CONSTRAINT vat_rates_no_overlap
  EXCLUDE USING gist (kind WITH =, daterange(valid_from, valid_to, '[]') WITH &&);
--> statement-breakpoint
INSERT INTO vat_rates (kind, rate, valid_from, valid_to, note) VALUES
  ('standard', 20.00, '2009-07-01', '2023-12-31', 'KMS § 15 lg 1'),
  ('standard', 22.00, '2024-01-01', '2025-06-30', 'KMS § 15 lg 1'),
  ('standard', 24.00, '2025-07-01', NULL, 'KMS § 15 lg 1'),
  ('reduced', 9.00, '2009-07-01', NULL, 'KMS § 15 lg 2'),
  ('accommodation', 9.00, '2009-07-01', '2024-12-31', 'KMS § 15 lg 2 p 11'),
  ('accommodation', 13.00, '2025-01-01', NULL, 'KMS § 15 lg 2 p 11');
--> statement-breakpoint
UPDATE price_list_items SET vat_rate_kind = CASE WHEN vat_rate = 9 THEN 'reduced' WHEN vat_rate = 13 THEN 'accommodation' ELSE 'standard' END
 WHERE vat_status = 'taxable';
--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_vat_rate_when_taxable" CHECK (("price_list_items"."vat_status" = 'taxable') = ("price_list_items"."vat_rate_kind" IS NOT NULL));
--> statement-breakpoint
ALTER TABLE "price_list_items" DROP COLUMN "vat_rate";
