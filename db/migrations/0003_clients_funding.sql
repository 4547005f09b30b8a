CREATE TABLE "client_network_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"phone" text,
	"email" text,
	"consents" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_network_contacts_kind_known" CHECK ("client_network_contacts"."kind" IN ('relative', 'municipal_social_worker', 'funder_case_manager', 'other')),
	CONSTRAINT "client_network_contacts_consents_known" CHECK ("client_network_contacts"."consents" <@ ARRAY['share_information', 'attend_meetings', 'receive_documents', 'contact_in_emergency']::text[]),
	CONSTRAINT "client_network_contacts_name_not_blank" CHECK (length(trim("client_network_contacts"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "funding_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"payer_name" text NOT NULL,
	"payer_registry_code" text,
	"payer_address" text DEFAULT '' NOT NULL,
	"payer_email" text,
	"einvoice_recipient" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_sources_name_unique" UNIQUE("name"),
	CONSTRAINT "funding_sources_id_kind_unique" UNIQUE("id","kind"),
	CONSTRAINT "funding_sources_kind_known" CHECK ("funding_sources"."kind" IN ('SRT', 'TRT', 'EHT', 'KOV', 'PRIVATE')),
	CONSTRAINT "funding_sources_registry_code_valid" CHECK ("funding_sources"."payer_registry_code" IS NULL OR is_valid_registry_code("funding_sources"."payer_registry_code"))
);
--> statement-breakpoint
CREATE TABLE "price_list_items" (
	"version_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"vat_status" text DEFAULT 'exempt' NOT NULL,
	"vat_rate" numeric(4, 2),
	CONSTRAINT "price_list_items_version_id_service_id_pk" PRIMARY KEY("version_id","service_id"),
	CONSTRAINT "price_list_items_price_not_negative" CHECK ("price_list_items"."unit_price_cents" >= 0),
	CONSTRAINT "price_list_items_vat_status_known" CHECK ("price_list_items"."vat_status" IN ('exempt', 'taxable', 'not_taxable')),
	CONSTRAINT "price_list_items_vat_rate_when_taxable" CHECK (("price_list_items"."vat_status" = 'taxable') = ("price_list_items"."vat_rate" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "price_list_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"funding_source_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_list_versions_period_valid" CHECK ("price_list_versions"."valid_to" IS NULL OR "price_list_versions"."valid_to" >= "price_list_versions"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_et" text NOT NULL,
	"name_en" text NOT NULL,
	"specialty_id" uuid,
	"is_group" boolean DEFAULT false NOT NULL,
	"max_group_size" integer,
	"billing_unit" text NOT NULL,
	"vat_status" text DEFAULT 'exempt' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_code_unique" UNIQUE("code"),
	CONSTRAINT "services_billing_unit_known" CHECK ("services"."billing_unit" IN ('hour', 'academic_hour', 'session', 'day', 'month', 'km')),
	CONSTRAINT "services_vat_status_known" CHECK ("services"."vat_status" IN ('exempt', 'taxable', 'not_taxable')),
	CONSTRAINT "services_group_size_only_for_groups" CHECK ("services"."max_group_size" IS NULL OR ("services"."is_group" AND "services"."max_group_size" >= 2))
);
--> statement-breakpoint
CREATE TABLE "case_plan_items" (
	"case_plan_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"planned_units" numeric(10, 2) NOT NULL,
	CONSTRAINT "case_plan_items_case_plan_id_service_id_pk" PRIMARY KEY("case_plan_id","service_id"),
	CONSTRAINT "case_plan_items_positive" CHECK ("case_plan_items"."planned_units" > 0)
);
--> statement-breakpoint
CREATE TABLE "case_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"goals" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_plans_one_per_decision" UNIQUE("decision_id")
);
--> statement-breakpoint
CREATE TABLE "decision_service_limits" (
	"decision_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"max_units" numeric(10, 2) NOT NULL,
	CONSTRAINT "decision_service_limits_decision_id_service_id_pk" PRIMARY KEY("decision_id","service_id"),
	CONSTRAINT "decision_service_limits_positive" CHECK ("decision_service_limits"."max_units" > 0)
);
--> statement-breakpoint
CREATE TABLE "funding_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"funding_source_id" uuid NOT NULL,
	"funding_kind" text NOT NULL,
	"decision_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"target_group" text DEFAULT '' NOT NULL,
	"period_cap_cents" integer,
	"yearly_cap_cents" integer,
	"monthly_cap_cents" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_decisions_number_unique" UNIQUE("funding_source_id","decision_number"),
	CONSTRAINT "funding_decisions_period_valid" CHECK ("funding_decisions"."end_date" >= "funding_decisions"."start_date"),
	CONSTRAINT "funding_decisions_caps_positive" CHECK (coalesce("funding_decisions"."period_cap_cents", 1) > 0 AND coalesce("funding_decisions"."yearly_cap_cents", 1) > 0 AND coalesce("funding_decisions"."monthly_cap_cents", 1) > 0),
	CONSTRAINT "funding_decisions_number_not_blank" CHECK (length(trim("funding_decisions"."decision_number")) > 0)
);
--> statement-breakpoint
CREATE TABLE "service_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"service_date" date NOT NULL,
	"units" numeric(8, 2) NOT NULL,
	"specialist_id" uuid NOT NULL,
	"specialty_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"price_version_id" uuid,
	"unit_price_cents" integer DEFAULT 0 NOT NULL,
	"amount_cents" integer DEFAULT 0 NOT NULL,
	"vat_status" text DEFAULT 'exempt' NOT NULL,
	"vat_rate" numeric(4, 2),
	"session_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_entries_units_positive" CHECK ("service_entries"."units" > 0),
	CONSTRAINT "service_entries_amount_is_units_times_price" CHECK ("service_entries"."amount_cents" = round("service_entries"."units" * "service_entries"."unit_price_cents"))
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "birth_date" date;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "address" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "preferred_language" text DEFAULT 'et' NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "client_network_contacts" ADD CONSTRAINT "client_network_contacts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_version_id_price_list_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."price_list_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_versions" ADD CONSTRAINT "price_list_versions_funding_source_id_funding_sources_id_fk" FOREIGN KEY ("funding_source_id") REFERENCES "public"."funding_sources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_specialty_id_specialties_id_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_plan_items" ADD CONSTRAINT "case_plan_items_case_plan_id_case_plans_id_fk" FOREIGN KEY ("case_plan_id") REFERENCES "public"."case_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_plan_items" ADD CONSTRAINT "case_plan_items_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_plans" ADD CONSTRAINT "case_plans_decision_id_funding_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."funding_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_plans" ADD CONSTRAINT "case_plans_updated_by_employees_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_service_limits" ADD CONSTRAINT "decision_service_limits_decision_id_funding_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."funding_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_service_limits" ADD CONSTRAINT "decision_service_limits_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_decisions" ADD CONSTRAINT "funding_decisions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_decisions" ADD CONSTRAINT "funding_decisions_created_by_employees_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_decisions" ADD CONSTRAINT "funding_decisions_source_kind_fk" FOREIGN KEY ("funding_source_id","funding_kind") REFERENCES "public"."funding_sources"("id","kind") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "service_entries" ADD CONSTRAINT "service_entries_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_entries" ADD CONSTRAINT "service_entries_decision_id_funding_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."funding_decisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_entries" ADD CONSTRAINT "service_entries_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_entries" ADD CONSTRAINT "service_entries_specialist_id_employees_id_fk" FOREIGN KEY ("specialist_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_entries" ADD CONSTRAINT "service_entries_specialty_id_specialties_id_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_entries" ADD CONSTRAINT "service_entries_price_version_id_price_list_versions_id_fk" FOREIGN KEY ("price_version_id") REFERENCES "public"."price_list_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_entries" ADD CONSTRAINT "service_entries_created_by_employees_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_network_contacts_client_idx" ON "client_network_contacts" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "price_list_versions_source_idx" ON "price_list_versions" USING btree ("funding_source_id","valid_from");--> statement-breakpoint
CREATE INDEX "funding_decisions_client_idx" ON "funding_decisions" USING btree ("client_id","start_date");--> statement-breakpoint
CREATE INDEX "service_entries_client_idx" ON "service_entries" USING btree ("client_id","service_date");--> statement-breakpoint
CREATE INDEX "service_entries_decision_idx" ON "service_entries" USING btree ("decision_id","service_date");--> statement-breakpoint
CREATE INDEX "service_entries_specialist_idx" ON "service_entries" USING btree ("specialist_id","service_date");--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_created_by_employees_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clients_personal_code_unique" ON "clients" USING btree ("personal_code") WHERE "clients"."personal_code" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "clients_name_idx" ON "clients" USING btree ("last_name","first_name");--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_identified" CHECK ("clients"."personal_code" IS NOT NULL OR "clients"."birth_date" IS NOT NULL OR "clients"."anonymised_at" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_names_not_blank" CHECK (length(trim("clients"."first_name")) > 0 AND length(trim("clients"."last_name")) > 0);