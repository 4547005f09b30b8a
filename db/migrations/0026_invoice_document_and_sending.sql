ALTER TABLE "funding_sources" ADD COLUMN "send_channel" text DEFAULT 'e-financials' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "service_dates" date[] DEFAULT '{}'::date[] NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "occasions" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_send_log" ADD COLUMN "channel" text DEFAULT 'e-financials' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "issuer" jsonb;--> statement-breakpoint
ALTER TABLE "funding_sources" ADD CONSTRAINT "funding_sources_send_channel_known" CHECK ("funding_sources"."send_channel" IN ('e-financials', 'operator', 'email'));--> statement-breakpoint
-- Hand-written. A send log row names a channel the app knows.
ALTER TABLE "invoice_send_log" ADD CONSTRAINT "invoice_send_log_channel_known" CHECK ("channel" IN ('e-financials', 'operator', 'email'));
-- The issuer is frozen with the number by db/functions/invoices_issuer_frozen_once_numbered.sql.
