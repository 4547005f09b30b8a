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
-- service_entries_price_and_limits is replaced here (CREATE OR REPLACE): it is 0007's function
-- with the VAT lookup; the lead moves it to db/functions/ with the rest.
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
--> statement-breakpoint
CREATE OR REPLACE FUNCTION service_entries_price_and_limits() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d funding_decisions%ROWTYPE;
  price record;
  vat numeric(4, 2);
  used bigint;
  used_units numeric;
  limit_units numeric;
BEGIN
  -- A change that touches neither what was given nor when (e.g. anonymising the description)
  -- keeps its price and needs no new limit check: the figures of a given service never move.
  IF TG_OP = 'UPDATE' AND NEW.client_id = OLD.client_id AND NEW.decision_id = OLD.decision_id
     AND NEW.service_id = OLD.service_id AND NEW.service_date = OLD.service_date AND NEW.units = OLD.units THEN
    NEW.price_version_id := OLD.price_version_id;
    NEW.unit_price_cents := OLD.unit_price_cents;
    NEW.vat_status := OLD.vat_status;
    NEW.vat_rate := OLD.vat_rate;
    NEW.amount_cents := OLD.amount_cents;
    NEW.updated_at := now();
    RETURN NEW;
  END IF;
  -- All limits are per client: one lock of the client row makes concurrent entries queue, and
  -- each then sees the others' committed rows (READ COMMITTED re-reads after the lock).
  PERFORM 1 FROM clients WHERE id = NEW.client_id FOR UPDATE;
  SELECT * INTO d FROM funding_decisions WHERE id = NEW.decision_id;
  IF d.client_id <> NEW.client_id THEN
    PERFORM service_entry_refused('service_entries_decision_of_client', 'the decision belongs to another client', '{}');
  END IF;
  IF NEW.service_date < d.start_date OR NEW.service_date > d.end_date THEN
    PERFORM service_entry_refused('service_entries_within_decision_period', 'the date is outside the decision period',
      jsonb_build_object('start', d.start_date, 'end', d.end_date, 'date', NEW.service_date));
  END IF;

  SELECT v.id, i.unit_price_cents, i.vat_status, i.vat_rate_kind INTO price
    FROM price_list_versions v
    JOIN price_list_items i ON i.version_id = v.id AND i.service_id = NEW.service_id
   WHERE v.funding_source_id = d.funding_source_id
     AND v.valid_from <= NEW.service_date AND (v.valid_to IS NULL OR NEW.service_date <= v.valid_to);
  IF NOT FOUND THEN
    PERFORM service_entry_refused('service_entries_price_exists', 'no price for this service on this day',
      jsonb_build_object('date', NEW.service_date));
  END IF;
  -- The rate of the item's kind valid on the service date: a month across a rate change gives
  -- entries of both rates, and the report and invoice make one line per rate.
  IF price.vat_status = 'taxable' THEN
    SELECT r.rate INTO vat FROM vat_rates r
     WHERE r.kind = price.vat_rate_kind AND r.valid_from <= NEW.service_date AND (r.valid_to IS NULL OR NEW.service_date <= r.valid_to);
    IF NOT FOUND THEN
      PERFORM service_entry_refused('service_entries_vat_rate_exists', 'no VAT rate of this kind on this day',
        jsonb_build_object('date', NEW.service_date, 'kind', price.vat_rate_kind));
    END IF;
  END IF;
  NEW.price_version_id := price.id;
  NEW.unit_price_cents := price.unit_price_cents;
  NEW.vat_status := price.vat_status;
  NEW.vat_rate := vat;
  NEW.amount_cents := round(NEW.units * price.unit_price_cents);

  IF EXISTS (SELECT 1 FROM decision_service_limits WHERE decision_id = d.id) THEN
    SELECT max_units INTO limit_units FROM decision_service_limits WHERE decision_id = d.id AND service_id = NEW.service_id;
    IF limit_units IS NULL THEN
      PERFORM service_entry_refused('service_entries_service_in_plan', 'the service is not in the approved plan', '{}');
    END IF;
    SELECT coalesce(sum(units), 0) INTO used_units FROM service_entries
     WHERE decision_id = d.id AND service_id = NEW.service_id AND id <> NEW.id;
    IF used_units + NEW.units > limit_units THEN
      PERFORM service_entry_refused('service_entries_service_volume', 'the approved volume of the service would be exceeded',
        jsonb_build_object('limit', limit_units, 'used', used_units, 'asked', NEW.units));
    END IF;
  END IF;

  IF d.period_cap_cents IS NOT NULL THEN
    SELECT coalesce(sum(amount_cents), 0) INTO used FROM service_entries WHERE decision_id = d.id AND id <> NEW.id;
    IF used + NEW.amount_cents > d.period_cap_cents THEN
      PERFORM service_entry_refused('service_entries_period_cap', 'the money cap of the decision period would be exceeded',
        jsonb_build_object('limit', d.period_cap_cents, 'used', used, 'asked', NEW.amount_cents));
    END IF;
  END IF;

  IF d.yearly_cap_cents IS NOT NULL THEN
    -- Per person and calendar year, across the client's decisions from the same funding source.
    SELECT coalesce(sum(e.amount_cents), 0) INTO used
      FROM service_entries e JOIN funding_decisions fd ON fd.id = e.decision_id
     WHERE e.client_id = NEW.client_id AND fd.funding_source_id = d.funding_source_id
       AND e.service_date >= date_trunc('year', NEW.service_date)::date
       AND e.service_date < (date_trunc('year', NEW.service_date) + interval '1 year')::date
       AND e.id <> NEW.id;
    IF used + NEW.amount_cents > d.yearly_cap_cents THEN
      PERFORM service_entry_refused('service_entries_yearly_cap', 'the calendar-year money cap would be exceeded',
        jsonb_build_object('limit', d.yearly_cap_cents, 'used', used, 'asked', NEW.amount_cents));
    END IF;
  END IF;

  IF d.monthly_cap_cents IS NOT NULL THEN
    SELECT coalesce(sum(amount_cents), 0) INTO used FROM service_entries
     WHERE decision_id = d.id AND id <> NEW.id
       AND service_date >= date_trunc('month', NEW.service_date)::date
       AND service_date < (date_trunc('month', NEW.service_date) + interval '1 month')::date;
    IF used + NEW.amount_cents > d.monthly_cap_cents THEN
      PERFORM service_entry_refused('service_entries_monthly_cap', 'the monthly cap (capitation) would be exceeded',
        jsonb_build_object('limit', d.monthly_cap_cents, 'used', used, 'asked', NEW.amount_cents));
    END IF;
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
