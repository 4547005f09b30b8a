-- A confirmed monthly service report LOCKS its month for that client and decision: no service
-- entry and no session of the client in it may be created, changed, moved in or out, or deleted,
-- whatever the code path (the UI, the API or plain SQL). The application checks first for a
-- friendly message; the triggers in db/functions/ (*_month_lock) are the guarantee. The refusal is a check_violation named
-- `month_locked` whose detail carries the month, which the server words for the person.
ALTER TABLE invoices ADD CONSTRAINT invoices_credited_invoice_id_invoices_id_fk
  FOREIGN KEY (credited_invoice_id) REFERENCES invoices(id) ON DELETE RESTRICT;
--> statement-breakpoint
INSERT INTO e_financials_settings (id) VALUES (1) ON CONFLICT DO NOTHING;
