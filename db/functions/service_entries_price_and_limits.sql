-- Every service entry is priced from the price list valid on its day, lies inside its decision's
-- period and never takes the client beyond a hard limit (period, calendar-year or monthly money
-- cap, approved volume per service), also when many people enter at once: the client's row is
-- locked first. An entry is re-priced and re-checked only when what was given or when changes;
-- any other update keeps the price the entry was made with.
-- Taxable items take the VAT rate of their kind valid on the service date (vat_rates), or the
-- entry is refused: the rate table, not a fixed figure, says what a day's rate is.
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
      PERFORM service_entry_refused('service_entries_service_in_plan', 'the service is not in the approved plan',
        (SELECT jsonb_build_object('service', code) FROM services WHERE id = NEW.service_id));
    END IF;
    SELECT coalesce(sum(units), 0) INTO used_units FROM service_entries
     WHERE decision_id = d.id AND service_id = NEW.service_id AND id <> NEW.id;
    IF used_units + NEW.units > limit_units THEN
      PERFORM service_entry_refused('service_entries_service_volume', 'the approved volume of the service would be exceeded',
        -- The service's code and billing unit, so the refusal reads "for 2010: 5 ac h remain".
        (SELECT jsonb_build_object('limit', limit_units, 'used', used_units, 'asked', NEW.units, 'service', code, 'unit', billing_unit)
           FROM services WHERE id = NEW.service_id));
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

CREATE OR REPLACE TRIGGER service_entries_price_and_limits BEFORE INSERT OR UPDATE ON service_entries
  FOR EACH ROW EXECUTE FUNCTION service_entries_price_and_limits();
