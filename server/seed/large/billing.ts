import type postgres from "postgres";
import type { LargePlan } from "./plan";

/**
 * The money side of the large installation: every client's month up to plan.lastInvoicedMonth is
 * confirmed (locked), its entries become invoice lines (one per service and price, as
 * billing/reports.ts makes them), ten clients of one funder share an invoice, about one invoice in
 * a hundred is partly credited, and invoices are paid after their due date except a few that stay
 * open (the receivables), some only half paid.
 */
export async function generateBilling(sql: postgres.TransactionSql, plan: LargePlan, today: string) {
  const [accountant] = await sql<{ id: string }[]>`SELECT id FROM demo_large.office WHERE role = 'accountant'`;
  const by = accountant!.id;
  await sql`
    INSERT INTO service_reports (client_id, decision_id, month, status, confirmed_by, confirmed_at)
    SELECT client_id, decision_id, month, 'confirmed', ${by}, (month + interval '1 month 3 days')::timestamptz
    FROM (SELECT DISTINCT client_id, decision_id, date_trunc('month', service_date)::date AS month FROM service_entries
          WHERE service_date < (${plan.lastInvoicedMonth}::date + interval '1 month')) m`;
  // Ten clients of one funder and month per invoice, numbered in order of month and funder.
  await sql`
    CREATE TEMP TABLE inv ON COMMIT DROP AS
    WITH r AS (
      SELECT r.id AS report_id, r.client_id, r.month, d.funding_source_id,
        (dense_rank() OVER (PARTITION BY d.funding_source_id, r.month ORDER BY c.c) - 1) / 10 AS batch
      FROM service_reports r JOIN funding_decisions d ON d.id = r.decision_id JOIN demo_large.clients c ON c.id = r.client_id),
    i AS (SELECT funding_source_id, month, batch, gen_random_uuid() AS invoice_id,
            row_number() OVER (ORDER BY month, funding_source_id, batch) AS seq
          FROM (SELECT DISTINCT funding_source_id, month, batch FROM r) x)
    SELECT r.report_id, i.* FROM r JOIN i USING (funding_source_id, month, batch)`;
  await sql`
    CREATE TEMP TABLE lines ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, inv.invoice_id, inv.report_id, r.client_id, cl.first_name || ' ' || cl.last_name AS client_name,
      cl.personal_code, d.decision_number, s.id AS service_id, s.code, s.name_et, sum(e.units) AS quantity, s.billing_unit,
      e.unit_price_cents, sum(e.amount_cents) AS net_cents, array_agg(DISTINCT e.service_date ORDER BY e.service_date) AS dates, count(*)::int AS occasions
    FROM inv JOIN service_reports r ON r.id = inv.report_id JOIN funding_decisions d ON d.id = r.decision_id
      JOIN clients cl ON cl.id = r.client_id
      JOIN service_entries e ON e.decision_id = r.decision_id AND e.service_date >= r.month AND e.service_date < r.month + interval '1 month'
      JOIN services s ON s.id = e.service_id
    GROUP BY inv.invoice_id, inv.report_id, r.client_id, cl.first_name, cl.last_name, cl.personal_code, d.decision_number, s.id, e.unit_price_cents`;
  const seller = JSON.stringify({
    name: "Suur Keskus OÜ",
    registryCode: "12345678",
    vatNumber: null,
    address: "Pärnu mnt 10, 10148 Tallinn",
    email: "arved@suurkeskus.ee",
    phone: null,
    iban: "EE382200221020145685",
    einvoiceRecipient: null,
  });
  await sql`
    INSERT INTO invoices (id, type, status, funding_source_id, month, series_prefix, sequence_number, number, invoice_date, due_date,
      seller, buyer, payment_term_days, net_cents, vat_cents, total_cents, confirmed_by, confirmed_at, sent_at, send_state)
    SELECT i.invoice_id, 'DEB', 'sent', i.funding_source_id, i.month, 'L', i.seq, 'L' || lpad(i.seq::text, 7, '0'),
      (i.month + interval '1 month 4 days')::date, (i.month + interval '1 month 18 days')::date, ${seller}::jsonb,
      jsonb_build_object('name', fs.payer_name, 'registryCode', fs.payer_registry_code, 'vatNumber', NULL, 'address', fs.payer_address,
        'email', fs.payer_email, 'phone', NULL, 'iban', NULL, 'einvoiceRecipient', fs.einvoice_recipient),
      14, t.net, 0, t.net, ${by}, (i.month + interval '1 month 4 days')::timestamptz, (i.month + interval '1 month 4 days')::timestamptz, 'delivered'
    FROM (SELECT DISTINCT invoice_id, funding_source_id, month, seq FROM inv) i
    JOIN funding_sources fs ON fs.id = i.funding_source_id
    JOIN (SELECT invoice_id, sum(net_cents) AS net FROM lines GROUP BY 1) t ON t.invoice_id = i.invoice_id`;
  await sql`
    INSERT INTO invoice_lines (id, invoice_id, service_report_id, client_id, client_name, client_code, decision_number, service_id, service_code,
      service_name, quantity, unit, unit_price_cents, net_cents, vat_status, vat_rate, vat_cents, service_dates, occasions)
    SELECT id, invoice_id, report_id, client_id, client_name, personal_code, decision_number, service_id, code, name_et, quantity, billing_unit,
      unit_price_cents, net_cents, 'exempt', NULL, 0, dates, occasions FROM lines`;

  // Credit notes: every 97th invoice gets its first line credited in full twenty days later.
  await sql`
    CREATE TEMP TABLE credits ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, i.id AS credited, i.funding_source_id, i.month, i.invoice_date + 20 AS invoice_date, i.buyer, i.seller,
      (SELECT l.id FROM invoice_lines l WHERE l.invoice_id = i.id ORDER BY l.id LIMIT 1) AS line_id,
      (SELECT max(sequence_number) FROM invoices) + row_number() OVER (ORDER BY i.sequence_number) AS seq
    FROM invoices i WHERE i.series_prefix = 'L' AND i.type = 'DEB' AND i.sequence_number % 97 = 0 AND i.invoice_date + 20 <= ${today}::date`;
  await sql`
    INSERT INTO invoices (id, type, status, funding_source_id, month, series_prefix, sequence_number, number, invoice_date, due_date, seller, buyer,
      payment_term_days, net_cents, vat_cents, total_cents, credited_invoice_id, note, confirmed_by, confirmed_at)
    SELECT c.id, 'CRE', 'confirmed', c.funding_source_id, c.month, 'L', c.seq, 'L' || lpad(c.seq::text, 7, '0'), c.invoice_date, c.invoice_date,
      c.seller, c.buyer, 0, -l.net_cents, 0, -l.net_cents, c.credited, 'Teenus oli topelt arvel.', ${by}, c.invoice_date::timestamptz
    FROM credits c JOIN invoice_lines l ON l.id = c.line_id`;
  await sql`
    INSERT INTO invoice_lines (invoice_id, service_report_id, client_id, client_name, client_code, decision_number, service_id, service_code,
      service_name, quantity, unit, unit_price_cents, net_cents, vat_status, vat_rate, vat_cents, service_dates, occasions)
    SELECT c.id, l.service_report_id, l.client_id, l.client_name, l.client_code, l.decision_number, l.service_id, l.service_code, l.service_name,
      -l.quantity, l.unit, l.unit_price_cents, -l.net_cents, l.vat_status, l.vat_rate, 0, l.service_dates, l.occasions
    FROM credits c JOIN invoice_lines l ON l.id = c.line_id`;
  await sql`INSERT INTO invoice_series (prefix, next_number) SELECT 'L', coalesce(max(sequence_number), 0) + 1 FROM invoices WHERE series_prefix = 'L'
    ON CONFLICT (prefix) DO UPDATE SET next_number = EXCLUDED.next_number`;

  // Payments: a few days either side of the due date; every 53rd invoice stays open, every 31st is paid half.
  await sql`
    CREATE TEMP TABLE pays ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, b.invoice_id, least(${today}::date - 1, i.due_date - 5 + i.sequence_number % 12) AS booking_date,
      CASE WHEN i.sequence_number % 31 = 0 THEN b.due_cents / 2 ELSE b.due_cents END AS cents, i.sequence_number % 31 = 0 AS partial
    FROM invoices i JOIN invoice_balances b ON b.invoice_id = i.id
    WHERE i.series_prefix = 'L' AND i.sequence_number % 53 <> 0 AND b.due_cents > 1 AND i.due_date - 5 + i.sequence_number % 12 < ${today}::date`;
  await sql`INSERT INTO payments (id, source, booking_date, amount_cents, payer_name, remittance)
    SELECT p.id, 'manual', p.booking_date, p.cents, fs.payer_name, i.number FROM pays p JOIN invoices i ON i.id = p.invoice_id
    JOIN funding_sources fs ON fs.id = i.funding_source_id`;
  await sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents, method) SELECT id, invoice_id, cents, 'invoice_number' FROM pays`;
  await sql`UPDATE invoices i SET status = 'paid', paid_at = p.booking_date::timestamptz FROM pays p WHERE p.invoice_id = i.id AND NOT p.partial`;
}
