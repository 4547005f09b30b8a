import { sql, type SQL } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { recordAudit } from "@/server/audit/audit";
import { uuidArray } from "@/server/db/sql-helpers";
import { clientVisibility } from "@/server/policy/client-scope";
import { tallinnDate } from "@/lib/tallinn-time";
import { clientInScope, invoiceInReachPerInvoice, reportFilters, resolveScope, type ReportScope } from "./filters";
import type { ReportColumn, ReportData, ReportRow } from "./table";

/**
 * Report 6, receivables: what the funders still owe, by funder, aged by days past the due date.
 * A snapshot on the period's last day (today when that is later): numbered invoices issued by then,
 * what they ask for (credit notes subtracted, as in invoice_balances) less the payments booked by
 * then. A unit head counts their units' share of an invoice: its outstanding in proportion to
 * the invoice lines of their units' clients. A money report: it needs billing:read as well.
 */

export const receivablesInput = reportFilters;
export const BUCKETS = ["notDueCents", "days0to30Cents", "days31to60Cents", "days61to90Cents", "days90Cents"] as const;
/** One funder's row (null: every funder, the totals), optionally one bucket of it. */
export const receivableRowsInput = reportFilters.and(z.object({ key: z.uuid().nullable(), bucket: z.enum(BUCKETS).nullish() }));

type Open = {
  id: string;
  number: string;
  funding_source_id: string;
  funder: string;
  invoice_date: string;
  due_date: string;
  days: number;
  due_cents: string;
  paid_cents: string;
  outstanding_cents: string;
};

/**
 * The share of each picked invoice the scope counts: 1 for the whole institution, else the part
 * of its lines for the scope's clients (the scope's clients hashed once), read from the
 * picked invoices' own index entries.
 */
function sharesOf(scope: ReportScope): SQL {
  if (scope.unitIds === null) return sql`SELECT id AS invoice_id, 1::numeric AS share FROM unsettled`;
  if (scope.unitIds.length === 0) return sql`SELECT id AS invoice_id, 0::numeric AS share FROM unsettled`;
  // OFFSET 0: each invoice's own lines (its index), never every invoice line there is.
  return sql`SELECT u.id AS invoice_id, x.share FROM unsettled u CROSS JOIN LATERAL (
      SELECT coalesce(sum(l.net_cents + l.vat_cents) FILTER (WHERE l.client_id IN (SELECT cu.client_id FROM client_units cu
        WHERE cu.unit_id = ANY(${uuidArray(scope.unitIds)}))), 0)::numeric
        / nullif(sum(l.net_cents + l.vat_cents), 0) AS share
      FROM invoice_lines l WHERE l.invoice_id = u.id OFFSET 0) x`;
}

async function openInvoices(ctx: DomainContext, scope: ReportScope, ref: string, fundingSourceId?: string | null) {
  const f = scope.filters;
  // First the invoices not settled by the day (invoices_open_on_idx: 2,702 of the large
  // installation's 59,000), and only then the reach and share checks, one invoice at a time: asked
  // together, the planner read every invoice line of ten years for the reach.
  const open = [
    sql`type = 'DEB' AND status <> 'draft' AND coalesce(settled_on, 'infinity'::date) > ${ref}::date`,
    sql`invoice_date <= ${ref}::date`,
  ];
  if (fundingSourceId) open.push(sql`funding_source_id = ${fundingSourceId}`);
  const reach = invoiceInReachPerInvoice(ctx.actor);
  const where = [reach.where];
  if (f.serviceId)
    where.push(sql`EXISTS (SELECT 1 FROM invoice_lines sl WHERE sl.invoice_id = invoices.id AND sl.service_id = ${f.serviceId})`);
  // Each invoice's payments by the day are still added up here, exactly.
  const rows = await ctx.db.execute<Open>(
    customPlan(sql`
    WITH unsettled AS MATERIALIZED (SELECT * FROM invoices WHERE ${sql.join(open, sql` AND `)}),
    shares AS MATERIALIZED (${sharesOf(scope)}),
    o AS MATERIALIZED (
      SELECT invoices.id, invoices.number, invoices.funding_source_id, fs.name AS funder, invoices.invoice_date, coalesce(invoices.due_date, invoices.invoice_date) AS due_date,
        b.due_cents, (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
          WHERE a.invoice_id = invoices.id AND p.booking_date <= ${ref}::date) AS paid_cents,
        coalesce(shares.share, 0) AS share
      FROM unsettled AS invoices
        CROSS JOIN LATERAL (SELECT bal.due_cents FROM invoice_balances bal WHERE bal.invoice_id = invoices.id OFFSET 0) b
        JOIN funding_sources fs ON fs.id = invoices.funding_source_id
        LEFT JOIN shares ON shares.invoice_id = invoices.id
        ${reach.join}
      WHERE ${sql.join(where, sql` AND `)}
    )
    SELECT id, number, funding_source_id, funder, invoice_date::text, due_date::text, (${ref}::date - due_date) AS days,
      round(due_cents * share)::text AS due_cents, round(paid_cents * share)::text AS paid_cents,
      round((due_cents - paid_cents) * share)::text AS outstanding_cents
    FROM o WHERE due_cents - paid_cents > 0 AND share > 0
    ORDER BY funder, due_date, number`),
  );
  return [...rows].map((r) => ({
    ...r,
    days: Number(r.days),
    due: Number(r.due_cents),
    paid: Number(r.paid_cents),
    outstanding: Number(r.outstanding_cents),
  }));
}

const bucketOf = (days: number): (typeof BUCKETS)[number] =>
  days <= 0
    ? "notDueCents"
    : days <= 30
      ? "days0to30Cents"
      : days <= 60
        ? "days31to60Cents"
        : days <= 90
          ? "days61to90Cents"
          : "days90Cents";

/** The day the snapshot is taken: the period's end, or today when the period runs on. */
const refDay = (to: string, today: string) => (to < today ? to : today);

export async function receivablesReport(
  ctx: DomainContext,
  input: z.infer<typeof receivablesInput>,
  today = tallinnDate(new Date()),
): Promise<ReportData> {
  const scope = await resolveScope(ctx, input, { money: true });
  const invoices = await openInvoices(ctx, scope, refDay(scope.filters.to, today), scope.filters.fundingSourceId);
  const byFunder = new Map<string, ReportRow>();
  for (const inv of invoices) {
    const row = byFunder.get(inv.funding_source_id) ?? {
      key: inv.funding_source_id,
      label: { et: inv.funder, en: inv.funder },
      drill: true,
      values: { invoices: 0, outstandingCents: 0, ...Object.fromEntries(BUCKETS.map((b) => [b, 0])) },
    };
    row.values.invoices! += 1;
    row.values.outstandingCents! += inv.outstanding;
    row.values[bucketOf(inv.days)]! += inv.outstanding;
    byFunder.set(inv.funding_source_id, row);
  }
  const rows = [...byFunder.values()];
  const columns: ReportColumn[] = [
    { key: "invoices", kind: "count" },
    ...BUCKETS.map((key) => ({ key, kind: "money" as const })),
    { key: "outstandingCents", kind: "money" },
  ];
  return {
    report: "receivables",
    scope: { filters: scope.filters, labels: scope.labels },
    rowHeader: "funder",
    columns,
    rows,
    totals: Object.fromEntries(columns.map((c) => [c.key, rows.reduce((a, r) => a + (r.values[c.key] ?? 0), 0)])),
    chart: { measure: "outstandingCents" },
  };
}

/**
 * Drill-down: the open invoices behind a figure (a funder's row, one bucket of days overdue, or
 * the totals), with their days overdue and, where the client policy reaches, the scope's clients on it.
 */
export async function receivableRows(ctx: DomainContext, input: z.infer<typeof receivableRowsInput>, today = tallinnDate(new Date())) {
  const scope = await resolveScope(ctx, input, { money: true });
  const all = await openInvoices(ctx, scope, refDay(scope.filters.to, today), input.key ?? scope.filters.fundingSourceId);
  const invoices = input.bucket ? all.filter((r) => bucketOf(r.days) === input.bucket) : all;
  const clients = await invoiceClients(
    ctx,
    scope,
    invoices.map((r) => r.id),
  );
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "report.drill",
    ip: ctx.ip,
    details: { report: "receivables", from: input.from, to: input.to, key: input.key, bucket: input.bucket ?? null, rows: invoices.length },
  });
  return invoices.map((r) => ({
    id: r.id,
    /** The scope's clients on the invoice whom the viewer may see (a funder's invoice has many). */
    clients: clients.get(r.id) ?? [],
    number: r.number,
    invoiceDate: r.invoice_date,
    dueDate: r.due_date,
    daysOverdue: Math.max(0, r.days),
    dueCents: r.due,
    paidCents: r.paid,
    outstandingCents: r.outstanding,
  }));
}

/** The clients of each invoice's lines that the report counts and the viewer may see, by invoice. */
async function invoiceClients(ctx: DomainContext, scope: ReportScope, ids: string[]) {
  const out = new Map<string, { id: string; name: string }[]>();
  if (ids.length === 0) return out;
  const rows = await ctx.db.execute<{ invoice_id: string; id: string; name: string }>(sql`
    SELECT DISTINCT l.invoice_id, clients.id, clients.first_name || ' ' || clients.last_name AS name
    FROM invoice_lines l JOIN clients ON clients.id = l.client_id
    WHERE l.invoice_id = ANY(${uuidArray(ids)}) AND ${clientInScope(scope, sql`l.client_id`)} AND ${clientVisibility(ctx.actor)}
    ORDER BY name`);
  for (const r of rows) out.set(r.invoice_id, [...(out.get(r.invoice_id) ?? []), { id: r.id, name: r.name }]);
  return out;
}
