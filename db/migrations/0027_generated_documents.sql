CREATE TABLE "generated_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"type" text NOT NULL,
	"format" text NOT NULL,
	"params" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"generated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "generated_documents_type_known" CHECK ("generated_documents"."type" IN ('dataset', 'attendance')),
	CONSTRAINT "generated_documents_format_known" CHECK ("generated_documents"."format" IN ('pdf', 'xlsx')),
	CONSTRAINT "generated_documents_hash_is_sha256" CHECK ("generated_documents"."content_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "generated_documents" ADD CONSTRAINT "generated_documents_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generated_documents" ADD CONSTRAINT "generated_documents_generated_by_employees_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generated_documents_client_idx" ON "generated_documents" USING btree ("client_id","created_at");