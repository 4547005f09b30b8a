-- #13: document templates per installation, one row per version (append-only: db/functions/document_templates_append_only.sql);
-- generated documents keep their template version and data snapshot; clients get a legal representative line.
CREATE TABLE "document_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"logo" "bytea",
	"logo_mime" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_templates_one_row_per_version" UNIQUE("type","version"),
	CONSTRAINT "document_templates_type_known" CHECK ("document_templates"."type" IN ('dataset', 'attendance', 'invoice_annex', 'confirmation')),
	CONSTRAINT "document_templates_version_positive" CHECK ("document_templates"."version" >= 1),
	CONSTRAINT "document_templates_logo_typed" CHECK (("document_templates"."logo" IS NULL) = ("document_templates"."logo_mime" IS NULL)),
	CONSTRAINT "document_templates_logo_size_limited" CHECK ("document_templates"."logo" IS NULL OR octet_length("document_templates"."logo") <= 524288)
);
--> statement-breakpoint
ALTER TABLE "generated_documents" DROP CONSTRAINT "generated_documents_type_known";--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "legal_representative" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "generated_documents" ADD COLUMN "template_id" uuid;--> statement-breakpoint
ALTER TABLE "generated_documents" ADD COLUMN "snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "document_templates" ADD CONSTRAINT "document_templates_created_by_employees_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generated_documents" ADD CONSTRAINT "generated_documents_template_id_document_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."document_templates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generated_documents" ADD CONSTRAINT "generated_documents_type_known" CHECK ("generated_documents"."type" IN ('dataset', 'attendance', 'rehab_plan', 'summary_assessment', 'invoice_annex', 'confirmation'));