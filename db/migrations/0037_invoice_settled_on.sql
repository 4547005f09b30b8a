ALTER TABLE "invoices" ADD COLUMN "settled_on" date;--> statement-breakpoint
CREATE INDEX "invoices_open_on_idx" ON "invoices" USING btree (coalesce("settled_on", 'infinity'::date),"invoice_date") WHERE "invoices"."type" = 'DEB' AND "invoices"."status" <> 'draft';--> statement-breakpoint
-- Hand-written. The invoices an installation already has get their day now, with the definition
-- of db/functions/invoice_settled_on.sql (which does not exist yet while migrations run); from
-- here on the triggers of db/functions/invoices_settled_on_keep.sql keep it.
UPDATE invoices i SET settled_on = CASE WHEN b.due_cents <= 0 THEN i.invoice_date ELSE (
    WITH paid AS (
      SELECT d.booking_date, sum(d.cents) OVER (ORDER BY d.booking_date) AS cum
      FROM (SELECT p.booking_date, sum(a.amount_cents) AS cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
            WHERE a.invoice_id = i.id GROUP BY p.booking_date) d)
    SELECT min(paid.booking_date) FROM paid WHERE paid.cum >= b.due_cents
      AND paid.booking_date > coalesce((SELECT max(q.booking_date) FROM paid q WHERE q.cum < b.due_cents), '-infinity'::date))
  END
FROM invoice_balances b WHERE b.invoice_id = i.id;
