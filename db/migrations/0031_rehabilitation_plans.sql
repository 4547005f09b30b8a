CREATE TABLE "rehabilitation_plan_services" (
	"plan_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"units" numeric(10, 2) NOT NULL,
	"frequency" text DEFAULT '' NOT NULL,
	"specialists" text DEFAULT '' NOT NULL,
	CONSTRAINT "rehabilitation_plan_services_plan_id_service_id_pk" PRIMARY KEY("plan_id","service_id"),
	CONSTRAINT "rehabilitation_plan_services_units_positive" CHECK ("rehabilitation_plan_services"."units" > 0)
);
--> statement-breakpoint
CREATE TABLE "rehabilitation_plan_team" (
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"specialty_id" uuid NOT NULL,
	CONSTRAINT "rehabilitation_plan_team_plan_id_position_pk" PRIMARY KEY("plan_id","position"),
	CONSTRAINT "rehabilitation_plan_team_name_not_blank" CHECK (length(trim("rehabilitation_plan_team"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "rehabilitation_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"first_meeting_date" date NOT NULL,
	"assessment_date" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"for_child" boolean NOT NULL,
	"functioning" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"problems" text DEFAULT '' NOT NULL,
	"goals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assistive_devices" text DEFAULT '' NOT NULL,
	"recommendations" text DEFAULT '' NOT NULL,
	"network" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone,
	"status_changed_by" uuid,
	CONSTRAINT "rehabilitation_plans_status_known" CHECK ("rehabilitation_plans"."status" IN ('draft', 'sent_to_client', 'client_approved', 'sent_to_funder', 'approved')),
	CONSTRAINT "rehabilitation_plans_validity" CHECK ("rehabilitation_plans"."valid_to" >= "rehabilitation_plans"."valid_from"),
	CONSTRAINT "rehabilitation_plans_goals_array" CHECK (jsonb_typeof("rehabilitation_plans"."goals") = 'array')
);
--> statement-breakpoint
CREATE TABLE "summary_assessments" (
	"decision_id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"goals" jsonb NOT NULL,
	"activities" text NOT NULL,
	"support_need" text NOT NULL,
	"invoice_id" uuid,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "summary_assessments_goals_array" CHECK (jsonb_typeof("summary_assessments"."goals") = 'array' AND jsonb_array_length("summary_assessments"."goals") > 0)
);
--> statement-breakpoint
ALTER TABLE "generated_documents" DROP CONSTRAINT "generated_documents_type_known";--> statement-breakpoint
ALTER TABLE "rehabilitation_plan_services" ADD CONSTRAINT "rehabilitation_plan_services_plan_id_rehabilitation_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."rehabilitation_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehabilitation_plan_services" ADD CONSTRAINT "rehabilitation_plan_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehabilitation_plan_team" ADD CONSTRAINT "rehabilitation_plan_team_plan_id_rehabilitation_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."rehabilitation_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehabilitation_plan_team" ADD CONSTRAINT "rehabilitation_plan_team_specialty_id_specialties_id_fk" FOREIGN KEY ("specialty_id") REFERENCES "public"."specialties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehabilitation_plans" ADD CONSTRAINT "rehabilitation_plans_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehabilitation_plans" ADD CONSTRAINT "rehabilitation_plans_decision_id_funding_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."funding_decisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehabilitation_plans" ADD CONSTRAINT "rehabilitation_plans_created_by_employees_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehabilitation_plans" ADD CONSTRAINT "rehabilitation_plans_updated_by_employees_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rehabilitation_plans" ADD CONSTRAINT "rehabilitation_plans_status_changed_by_employees_id_fk" FOREIGN KEY ("status_changed_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summary_assessments" ADD CONSTRAINT "summary_assessments_decision_id_funding_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."funding_decisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summary_assessments" ADD CONSTRAINT "summary_assessments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summary_assessments" ADD CONSTRAINT "summary_assessments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summary_assessments" ADD CONSTRAINT "summary_assessments_updated_by_employees_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rehabilitation_plans_client_idx" ON "rehabilitation_plans" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "rehabilitation_plans_decision_idx" ON "rehabilitation_plans" USING btree ("decision_id");--> statement-breakpoint
ALTER TABLE "generated_documents" ADD CONSTRAINT "generated_documents_type_known" CHECK ("generated_documents"."type" IN ('dataset', 'attendance', 'rehab_plan', 'summary_assessment'));--> statement-breakpoint
-- Hand-written: at most one plan of a decision is on its way to approval at a time, so two plans
-- cannot both become the decision's limits in an interleaved order.
CREATE UNIQUE INDEX "rehabilitation_plans_one_in_approval_per_decision" ON "rehabilitation_plans" ("decision_id")
  WHERE "status" IN ('sent_to_client', 'client_approved', 'sent_to_funder');
