-- The day from which a numbered invoice owes nothing for good: the first payment day after the
-- last day on which its payments so far fell short of what it asks for (invoice_balances.due_cents:
-- its total, confirmed credit notes subtracted). An invoice wholly credited owes nothing from its
-- own date; one whose payments fall short today: null. Drafts and credit notes: null (they are
-- not receivables). invoices.settled_on keeps this value (invoices_settled_on_keep.sql), so the
-- receivables report on a day reads only the invoices still open then; the report still counts
-- each invoice's own payments by that day, and receivables.test.ts compares both.
CREATE OR REPLACE FUNCTION invoice_settled_on(p_invoice uuid) RETURNS date LANGUAGE sql STABLE AS $$
  WITH b AS (
    SELECT b.due_cents, i.invoice_date FROM invoice_balances b JOIN invoices i ON i.id = b.invoice_id WHERE b.invoice_id = p_invoice
  ), paid AS (
    SELECT d.booking_date, sum(d.cents) OVER (ORDER BY d.booking_date) AS cum
    FROM (SELECT p.booking_date, sum(a.amount_cents) AS cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
          WHERE a.invoice_id = p_invoice GROUP BY p.booking_date) d
  )
  SELECT CASE WHEN b.due_cents <= 0 THEN b.invoice_date
    ELSE (SELECT min(paid.booking_date) FROM paid WHERE paid.cum >= b.due_cents
            AND paid.booking_date > coalesce((SELECT max(q.booking_date) FROM paid q WHERE q.cum < b.due_cents), '-infinity'::date))
    END
  FROM b
$$;
