-- Idempotency keys: a client that retries the same form submission (same key) gets the first
-- answer instead of a second write. The key row is written in the transaction of the write it
-- answers for, so a committed write always has its key; the primary key (employee_id, key) makes
-- a concurrent repeat wait for the first and then find it.
CREATE TABLE "idempotency_keys" (
	"employee_id" uuid NOT NULL,
	"key" uuid NOT NULL,
	"procedure" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("employee_id","key"),
	CONSTRAINT "idempotency_keys_procedure_not_blank" CHECK (length("idempotency_keys"."procedure") > 0)
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" USING btree ("created_at");