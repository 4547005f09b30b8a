CREATE TABLE "document_scans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"mime" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_scans_one_per_document" UNIQUE("document_id"),
	CONSTRAINT "document_scans_type_known" CHECK ("document_scans"."mime" IN ('application/pdf', 'image/png', 'image/jpeg')),
	CONSTRAINT "document_scans_size_limited" CHECK ("document_scans"."size" = octet_length("document_scans"."bytes") AND "document_scans"."size" BETWEEN 1 AND 5242880)
);
--> statement-breakpoint
ALTER TABLE "document_scans" ADD CONSTRAINT "document_scans_document_id_generated_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."generated_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_scans" ADD CONSTRAINT "document_scans_uploaded_by_employees_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;