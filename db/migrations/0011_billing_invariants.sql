-- A confirmed monthly service report LOCKS its month for that client and decision: no service
-- entry and no session of the client in it may be created, changed, moved in or out, or deleted,
-- whatever the code path (the UI, the API or plain SQL). The application checks first for a
-- friendly message; these triggers are the guarantee. The refusal is a check_violation named
-- `month_locked` whose detail carries the month, which the server words for the person.
ALTER TABLE invoices ADD CONSTRAINT invoices_credited_invoice_id_invoices_id_fk
  FOREIGN KEY (credited_invoice_id) REFERENCES invoices(id) ON DELETE RESTRICT;
--> statement-breakpoint
INSERT INTO e_financials_settings (id) VALUES (1) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The month of an instant, as the institution counts it (Europe/Tallinn).
CREATE FUNCTION tallinn_month(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', at AT TIME ZONE 'Europe/Tallinn')::date
$$;
--> statement-breakpoint
-- Is the month of `day` confirmed for the client? With a decision: for that decision; without
-- one (a session not yet charged to a decision): for any of the client's decisions.
CREATE FUNCTION month_locked(p_client uuid, p_decision uuid, p_day date) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM service_reports
    WHERE client_id = p_client AND month = date_trunc('month', p_day)::date AND status = 'confirmed'
      AND (p_decision IS NULL OR decision_id = p_decision))
$$;
--> statement-breakpoint
CREATE FUNCTION raise_month_locked(p_client uuid, p_day date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the month % is confirmed and locked for this client', to_char(p_day, 'YYYY-MM')
    USING ERRCODE = 'check_violation', CONSTRAINT = 'month_locked',
          DETAIL = json_build_object('month', to_char(p_day, 'YYYY-MM'), 'clientId', p_client)::text;
END $$;
--> statement-breakpoint
-- Entries: the client's row is locked first (as the limit trigger and confirming a month do),
-- so a confirmation and an entry in the same month are decided one after the other.
CREATE FUNCTION service_entries_month_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM 1 FROM clients WHERE id = OLD.client_id FOR UPDATE;
    IF month_locked(OLD.client_id, OLD.decision_id, OLD.service_date) THEN
      PERFORM raise_month_locked(OLD.client_id, OLD.service_date);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM clients WHERE id = NEW.client_id FOR UPDATE;
    IF month_locked(NEW.client_id, NEW.decision_id, NEW.service_date) THEN
      PERFORM raise_month_locked(NEW.client_id, NEW.service_date);
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
-- Named to run before service_entries_price_and_limits (triggers fire in name order).
CREATE TRIGGER service_entries_a_month_lock BEFORE INSERT OR UPDATE OR DELETE ON service_entries
  FOR EACH ROW EXECUTE FUNCTION service_entries_month_lock();
--> statement-breakpoint
-- Participants: joining, leaving or changing attendance in a locked month. The copy of the
-- session's time (session_participants_copy_time) runs first, so NEW.starts_at is the session's.
CREATE FUNCTION session_participants_month_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM 1 FROM clients WHERE id = OLD.client_id FOR UPDATE;
    IF month_locked(OLD.client_id, OLD.decision_id, tallinn_month(OLD.starts_at)) THEN
      PERFORM raise_month_locked(OLD.client_id, tallinn_month(OLD.starts_at));
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM clients WHERE id = NEW.client_id FOR UPDATE;
    IF month_locked(NEW.client_id, NEW.decision_id, tallinn_month(NEW.starts_at)) THEN
      PERFORM raise_month_locked(NEW.client_id, tallinn_month(NEW.starts_at));
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER session_participants_z_month_lock BEFORE INSERT OR UPDATE OR DELETE ON session_participants
  FOR EACH ROW EXECUTE FUNCTION session_participants_month_lock();
--> statement-breakpoint
-- Sessions: any change (time, status, service, room, notes) or deletion of a session that has a
-- participant in a locked month, before or after the change.
CREATE FUNCTION sessions_month_lock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT client_id, decision_id FROM session_participants WHERE session_id = OLD.id ORDER BY client_id LOOP
    PERFORM 1 FROM clients WHERE id = p.client_id FOR UPDATE;
    IF month_locked(p.client_id, p.decision_id, tallinn_month(OLD.starts_at)) THEN
      PERFORM raise_month_locked(p.client_id, tallinn_month(OLD.starts_at));
    END IF;
    IF TG_OP = 'UPDATE' AND month_locked(p.client_id, p.decision_id, tallinn_month(NEW.starts_at)) THEN
      PERFORM raise_month_locked(p.client_id, tallinn_month(NEW.starts_at));
    END IF;
  END LOOP;
  IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_month_lock BEFORE UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_month_lock();
--> statement-breakpoint
-- Invoice numbers: once given, an invoice keeps its number, its lines and its totals; a
-- correction is a credit note. Only the status and sending fields move on.
CREATE FUNCTION invoices_frozen_once_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'a numbered invoice cannot be deleted' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_numbered_not_deleted';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.number IS DISTINCT FROM OLD.number OR NEW.net_cents <> OLD.net_cents
      OR NEW.vat_cents <> OLD.vat_cents OR NEW.buyer IS DISTINCT FROM OLD.buyer OR NEW.seller IS DISTINCT FROM OLD.seller
      OR NEW.invoice_date IS DISTINCT FROM OLD.invoice_date OR NEW.status = 'draft') THEN
    RAISE EXCEPTION 'a numbered invoice cannot be changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_numbered_frozen';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_frozen_once_numbered BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_frozen_once_numbered();
--> statement-breakpoint
CREATE FUNCTION invoice_lines_frozen_once_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st text;
BEGIN
  SELECT status INTO st FROM invoices WHERE id = coalesce(NEW.invoice_id, OLD.invoice_id);
  IF st IS NOT NULL AND st <> 'draft' THEN
    RAISE EXCEPTION 'the lines of a numbered invoice cannot be changed' USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_numbered_frozen';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoice_lines_frozen_once_numbered BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines
  FOR EACH ROW EXECUTE FUNCTION invoice_lines_frozen_once_numbered();
