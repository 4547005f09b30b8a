ALTER TABLE "funding_sources" ADD COLUMN "send_channel" text DEFAULT 'e-financials' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "service_dates" date[] DEFAULT '{}'::date[] NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "occasions" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_send_log" ADD COLUMN "channel" text DEFAULT 'e-financials' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "issuer" jsonb;--> statement-breakpoint
ALTER TABLE "funding_sources" ADD CONSTRAINT "funding_sources_send_channel_known" CHECK ("funding_sources"."send_channel" IN ('e-financials', 'operator', 'email'));--> statement-breakpoint
-- Hand-written. A send log row names a channel the app knows.
ALTER TABLE "invoice_send_log" ADD CONSTRAINT "invoice_send_log_channel_known" CHECK ("channel" IN ('e-financials', 'operator', 'email'));
--> statement-breakpoint
-- Hand-written. The issuer printed on an invoice is frozen with its number, like the seller and
-- buyer (invoices_frozen_once_numbered of 0011 is left as it is; this trigger adds the column).
CREATE FUNCTION invoices_issuer_frozen_once_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND NEW.issuer IS DISTINCT FROM OLD.issuer THEN
    RAISE EXCEPTION 'a numbered invoice cannot be changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_numbered_frozen';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_issuer_frozen_once_numbered BEFORE UPDATE OF issuer ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_issuer_frozen_once_numbered();
