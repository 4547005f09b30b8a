-- Funding invariants that hold whatever code path writes:
--  * price list versions of one funding source never overlap in time;
--  * a client's SRT and TRT decisions never overlap in time;
--  * every service entry is priced from the price list valid on its day, lies inside its
--    decision's period and never takes the client beyond a hard limit (period, calendar-year or
--    monthly money cap, approved volume per service), also when many people enter at once: the
--    trigger in db/functions/service_entries_price_and_limits.sql.
ALTER TABLE price_list_versions ADD CONSTRAINT price_list_versions_no_overlap
  EXCLUDE USING gist (funding_source_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&);
--> statement-breakpoint
ALTER TABLE funding_decisions ADD CONSTRAINT funding_decisions_rehabilitation_no_overlap
  EXCLUDE USING gist (client_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
  WHERE (funding_kind IN ('SRT', 'TRT'));
