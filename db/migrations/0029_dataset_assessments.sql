CREATE TABLE "dataset_assessments" (
	"decision_id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"impact_assessment" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_by" uuid,
	"signed_at" timestamp with time zone,
	"signed_from" date,
	"signed_to" date,
	CONSTRAINT "dataset_assessments_signature_complete" CHECK (("dataset_assessments"."signed_at" IS NULL AND "dataset_assessments"."signed_by" IS NULL AND "dataset_assessments"."signed_from" IS NULL AND "dataset_assessments"."signed_to" IS NULL)
      OR ("dataset_assessments"."signed_at" IS NOT NULL AND "dataset_assessments"."signed_by" IS NOT NULL AND "dataset_assessments"."signed_from" <= "dataset_assessments"."signed_to" AND length(trim("dataset_assessments"."impact_assessment")) > 0))
);
--> statement-breakpoint
ALTER TABLE "dataset_assessments" ADD CONSTRAINT "dataset_assessments_decision_id_funding_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."funding_decisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_assessments" ADD CONSTRAINT "dataset_assessments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_assessments" ADD CONSTRAINT "dataset_assessments_updated_by_employees_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_assessments" ADD CONSTRAINT "dataset_assessments_signed_by_employees_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;