CREATE TABLE "e_financials_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"mode" text DEFAULT 'demo' NOT NULL,
	"base_url" text DEFAULT 'https://demo-rmp-api.rik.ee/v1' NOT NULL,
	"api_key_id" text DEFAULT '' NOT NULL,
	"api_public_value" text DEFAULT '' NOT NULL,
	"api_password" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "e_financials_settings_single_row" CHECK ("e_financials_settings"."id" = 1),
	CONSTRAINT "e_financials_settings_mode_known" CHECK ("e_financials_settings"."mode" IN ('demo', 'live'))
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"service_report_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"client_name" text NOT NULL,
	"client_code" text,
	"decision_number" text NOT NULL,
	"service_id" uuid NOT NULL,
	"service_code" text NOT NULL,
	"service_name" text NOT NULL,
	"quantity" numeric(10, 2) NOT NULL,
	"unit" text NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"net_cents" bigint NOT NULL,
	"vat_status" text NOT NULL,
	"vat_rate" numeric(4, 2),
	"vat_cents" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_send_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"http_status" integer,
	"response_code" integer,
	"messages" jsonb NOT NULL,
	"duration_ms" integer NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_series" (
	"prefix" text PRIMARY KEY NOT NULL,
	"next_number" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text DEFAULT 'DEB' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"funding_source_id" uuid NOT NULL,
	"client_id" uuid,
	"month" date NOT NULL,
	"series_prefix" text,
	"sequence_number" integer,
	"number" text,
	"invoice_date" date,
	"due_date" date,
	"reference_number" text,
	"seller" jsonb,
	"buyer" jsonb,
	"payment_term_days" integer,
	"net_cents" bigint DEFAULT 0 NOT NULL,
	"vat_cents" bigint DEFAULT 0 NOT NULL,
	"total_cents" bigint DEFAULT 0 NOT NULL,
	"credited_invoice_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"remote_id" bigint,
	"remote_registered" boolean DEFAULT false NOT NULL,
	"send_state" text DEFAULT 'idle' NOT NULL,
	"send_started_at" timestamp with time zone,
	"last_send_messages" jsonb,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_number_unique" UNIQUE("number"),
	CONSTRAINT "invoices_series_sequence_unique" UNIQUE("series_prefix","sequence_number"),
	CONSTRAINT "invoices_type_known" CHECK ("invoices"."type" IN ('DEB', 'CRE')),
	CONSTRAINT "invoices_status_known" CHECK ("invoices"."status" IN ('draft', 'confirmed', 'sent', 'paid', 'credited')),
	CONSTRAINT "invoices_send_state_known" CHECK ("invoices"."send_state" IN ('idle', 'sending', 'failed', 'delivered')),
	CONSTRAINT "invoices_numbered_unless_draft" CHECK (("invoices"."status" = 'draft') = ("invoices"."number" IS NULL)),
	CONSTRAINT "invoices_credit_note_names_invoice" CHECK (("invoices"."type" = 'CRE') = ("invoices"."credited_invoice_id" IS NOT NULL)),
	CONSTRAINT "invoices_total_is_net_plus_vat" CHECK ("invoices"."total_cents" = "invoices"."net_cents" + "invoices"."vat_cents")
);
--> statement-breakpoint
CREATE TABLE "service_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"month" date NOT NULL,
	"status" text NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone NOT NULL,
	"reopened_by" uuid,
	"reopened_at" timestamp with time zone,
	"reopen_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_reports_one_per_decision_and_month" UNIQUE("decision_id","month"),
	CONSTRAINT "service_reports_month_is_first_day" CHECK (extract(day from "service_reports"."month") = 1),
	CONSTRAINT "service_reports_status_known" CHECK ("service_reports"."status" IN ('confirmed', 'reopened')),
	CONSTRAINT "service_reports_reopen_has_reason" CHECK ("service_reports"."status" = 'confirmed' OR length(trim(coalesce("service_reports"."reopen_reason", ''))) > 0)
);
--> statement-breakpoint
ALTER TABLE "funding_sources" ADD COLUMN "invoice_per_client" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_service_report_id_service_reports_id_fk" FOREIGN KEY ("service_report_id") REFERENCES "public"."service_reports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_send_log" ADD CONSTRAINT "invoice_send_log_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_funding_source_id_funding_sources_id_fk" FOREIGN KEY ("funding_source_id") REFERENCES "public"."funding_sources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_confirmed_by_employees_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_reports" ADD CONSTRAINT "service_reports_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_reports" ADD CONSTRAINT "service_reports_decision_id_funding_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."funding_decisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_reports" ADD CONSTRAINT "service_reports_confirmed_by_employees_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_reports" ADD CONSTRAINT "service_reports_reopened_by_employees_id_fk" FOREIGN KEY ("reopened_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice_idx" ON "invoice_lines" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "invoice_lines_report_idx" ON "invoice_lines" USING btree ("service_report_id");--> statement-breakpoint
CREATE INDEX "invoice_send_log_invoice_idx" ON "invoice_send_log" USING btree ("invoice_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_one_draft_per_funder_month" ON "invoices" USING btree ("type","funding_source_id","month",coalesce("client_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("credited_invoice_id", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "invoices"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "invoices_month_idx" ON "invoices" USING btree ("month");--> statement-breakpoint
CREATE INDEX "service_reports_client_month_idx" ON "service_reports" USING btree ("client_id","month");--> statement-breakpoint
CREATE INDEX "service_reports_month_idx" ON "service_reports" USING btree ("month");