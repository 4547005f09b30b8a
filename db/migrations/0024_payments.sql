CREATE TABLE "bank_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_iban" text NOT NULL,
	"statement_ref" text NOT NULL,
	"message_id" text,
	"from_date" date,
	"to_date" date,
	"entry_count" integer NOT NULL,
	"new_payments" integer NOT NULL,
	"file_sha256" text NOT NULL,
	"imported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_statements_imported_once" UNIQUE("account_iban","statement_ref")
);
--> statement-breakpoint
CREATE TABLE "payment_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"amount_cents" bigint NOT NULL,
	"method" text NOT NULL,
	"allocated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_allocations_once_per_invoice" UNIQUE("payment_id","invoice_id"),
	CONSTRAINT "payment_allocations_amount_positive" CHECK ("payment_allocations"."amount_cents" > 0),
	CONSTRAINT "payment_allocations_method_known" CHECK ("payment_allocations"."method" IN ('reference', 'invoice_number', 'person'))
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"statement_id" uuid,
	"account_iban" text,
	"entry_ref" text,
	"booking_date" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"payer_name" text,
	"payer_iban" text,
	"reference" text,
	"remittance" text DEFAULT '' NOT NULL,
	"unmatched_reason" text,
	"ignored_at" timestamp with time zone,
	"ignored_by" uuid,
	"ignore_note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_cents" > 0),
	CONSTRAINT "payments_source_known" CHECK ("payments"."source" IN ('bank', 'manual')),
	CONSTRAINT "payments_bank_entry_identified" CHECK (("payments"."source" = 'bank') = ("payments"."statement_id" IS NOT NULL AND "payments"."account_iban" IS NOT NULL AND "payments"."entry_ref" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "bank_statements" ADD CONSTRAINT "bank_statements_imported_by_employees_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_allocated_by_employees_id_fk" FOREIGN KEY ("allocated_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_statement_id_bank_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."bank_statements"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_ignored_by_employees_id_fk" FOREIGN KEY ("ignored_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_created_by_employees_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_allocations_invoice_idx" ON "payment_allocations" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_bank_entry_once" ON "payments" USING btree ("account_iban","entry_ref") WHERE "payments"."source" = 'bank';--> statement-breakpoint
CREATE INDEX "payments_booking_date_idx" ON "payments" USING btree ("booking_date");--> statement-breakpoint
-- Hand-written. What an invoice asks for and what is paid on it, in one place, so the invoice
-- list, its page, the overdue list, matching and the trigger below all count the same way:
-- due = the invoice's total plus its confirmed credit notes (whose totals are negative);
-- outstanding = due minus the allocated payments. Numbered invoices only, not credit notes.
CREATE VIEW invoice_balances AS
SELECT i.id AS invoice_id,
       i.total_cents,
       (i.total_cents + coalesce(cr.cents, 0))::bigint AS due_cents,
       coalesce(pa.cents, 0)::bigint AS paid_cents,
       (i.total_cents + coalesce(cr.cents, 0) - coalesce(pa.cents, 0))::bigint AS outstanding_cents
FROM invoices i
LEFT JOIN LATERAL (SELECT sum(c.total_cents) AS cents FROM invoices c
                   WHERE c.credited_invoice_id = i.id AND c.type = 'CRE' AND c.status <> 'draft') cr ON true
LEFT JOIN LATERAL (SELECT sum(a.amount_cents) AS cents FROM payment_allocations a WHERE a.invoice_id = i.id) pa ON true
WHERE i.type = 'DEB' AND i.status <> 'draft';
--> statement-breakpoint
-- The allocation limits (payment_allocations_within_limits) are in db/functions/.
--> statement-breakpoint
-- Hand-written. Invoices marked paid by hand before payments were recorded become payments of
-- their own (the date they were marked, what they asked for), so every paid invoice is paid by
-- allocations and the balances agree with the statuses.
DO $$
DECLARE
  r record;
  pid uuid;
BEGIN
  FOR r IN SELECT i.id, b.outstanding_cents AS cents,
                  coalesce((i.paid_at AT TIME ZONE 'Europe/Tallinn')::date, i.invoice_date, CURRENT_DATE) AS paid_on
           FROM invoices i JOIN invoice_balances b ON b.invoice_id = i.id
           WHERE i.status = 'paid' AND b.outstanding_cents > 0 LOOP
    INSERT INTO payments (source, booking_date, amount_cents, remittance) VALUES ('manual', r.paid_on, r.cents, '') RETURNING id INTO pid;
    INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents, method) VALUES (pid, r.id, r.cents, 'person');
  END LOOP;
END $$;
