import { sql, type SQL } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { recordAudit } from "@/server/audit/audit";
import { clientVisibility } from "@/server/policy/client-scope";
import { invalid } from "@/server/errors";
import { isoMonth } from "@/lib/schemas";
import { invoiceVisibility } from "@/server/billing/invoices";
import { clientInScope, invoiceInReach, lineInReach, reportFilters, resolveScope, type ReportScope } from "./filters";
import { INCOME_BASES, INCOME_MEASURES } from "./schemas";
import type { ReportColumn, ReportData, ReportRow, ReportValues } from "./table";

/**
 * Report 1, income by funding source: a row per funder, a column per month of the period for the
 * chosen measure, and the period's invoiced, credited, paid and outstanding beside. Accrual puts
 * invoice lines in their service month and payments in the month of the invoice they pay; cash
 * puts invoice lines by invoice date and payments by booking date (outstanding is an accrual
 * measure). Amounts are invoice lines with VAT, so they reconcile with the invoices. A unit's
 * figures are its clients' lines, and of a payment the share of the paid invoice's lines that
 * are its clients'. A money report: it needs billing:read as well.
 */

export { INCOME_BASES, INCOME_MEASURES };
export const incomeOptions = z.object({
  basis: z.enum(INCOME_BASES).default("accrual"),
  measure: z.enum(INCOME_MEASURES).default("invoiced"),
});
export const incomeInput = reportFilters.and(incomeOptions);
export type IncomeInput = z.infer<typeof incomeInput>;
/** A funder's row (null: every funder, the totals), optionally one month column of it. */
export const incomeRowsInput = incomeInput.and(z.object({ key: z.uuid().nullable(), month: isoMonth.nullish() }));

type Cell = { funder_id: string; funder: string; month: string; invoiced: string | null; credited: string | null; paid: string | null };

/** The months of a period, "YYYY-MM", first to last. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;
    if (key > last) return out;
    out.push(key);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
}

/** The invoices (`invoices`) whose figures may count: numbered, the funder's, in `period` (reach is asked apart). */
function invoiceFilter(funderId: string | null | undefined, period: SQL): SQL {
  const where = [sql`invoices.status <> 'draft'`, period];
  if (funderId) where.push(sql`invoices.funding_source_id = ${funderId}`);
  return sql.join(where, sql` AND `);
}

/** An invoice's lines in the period: by service month (accrual) or invoice date (cash). */
function linesDated(basis: IncomeInput["basis"], f: ReportScope["filters"]): SQL {
  return basis === "accrual"
    ? sql`invoices.month BETWEEN date_trunc('month', ${f.from}::date) AND ${f.to}::date`
    : sql`invoices.invoice_date BETWEEN ${f.from}::date AND ${f.to}::date`;
}

/** The conditions on a line (`l`) of such an invoice: the scope's clients, the service chosen. */
function lineInScope(scope: ReportScope): SQL {
  const where = [clientInScope(scope, sql`l.client_id`)];
  if (scope.filters.serviceId) where.push(sql`l.service_id = ${scope.filters.serviceId}`);
  return sql.join(where, sql` AND `);
}

export async function incomeReport(ctx: DomainContext, input: IncomeInput): Promise<ReportData> {
  const scope = await resolveScope(ctx, input, { money: true });
  const basis = input.basis ?? "accrual";
  const measure = input.measure ?? "invoiced";
  if (basis === "cash" && measure === "outstanding")
    throw invalid("measure", "reports.errors.outstandingCash", "Outstanding is counted by service month: choose the accrual basis");
  const f = scope.filters;
  // The invoices the figures come from (accrual: the period's service months, for lines and
  // payments alike; cash: the lines of invoices dated in the period, and the payments booked in
  // it, whatever invoice they pay), each invoice's lines summed once: in scope, in all, and
  // whether one of them is in the viewer's reach (invoiceInReach, asked of a year's 60,000 lines
  // at once instead of a look into each of its 6,000 invoices).
  const payPeriod =
    basis === "accrual"
      ? sql`inv.month BETWEEN date_trunc('month', ${f.from}::date) AND ${f.to}::date`
      : sql`p.booking_date BETWEEN ${f.from}::date AND ${f.to}::date`;
  const dated = linesDated(basis, f);
  const period =
    basis === "accrual"
      ? dated
      : sql`(${dated} OR invoices.id IN (SELECT a.invoice_id FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE ${payPeriod}))`;
  const lineMonth = basis === "accrual" ? sql`inv.month` : sql`inv.invoice_date`;
  // Of an invoice's payments, the share the scope counts: its lines for the scope's clients (and the service chosen).
  const share = scope.unitIds === null && !f.serviceId ? sql`1::numeric` : sql`sh.scoped::numeric / nullif(sh.total, 0)`;
  const cells = [
    ...(await ctx.db.execute<Cell>(
      customPlan(sql`
    WITH inv AS MATERIALIZED (
      SELECT invoices.id, invoices.type, invoices.funding_source_id, invoices.month, invoices.invoice_date, ${dated} AS dated,
        ${invoiceVisibility(ctx.actor, "read")} AS visible
      FROM invoices WHERE ${invoiceFilter(f.fundingSourceId, period)}
    ), sh AS (
      SELECT inv.id AS invoice_id, x.* FROM inv CROSS JOIN LATERAL (
        SELECT sum(l.net_cents + l.vat_cents) FILTER (WHERE ${lineInScope(scope)}) AS scoped, sum(l.net_cents + l.vat_cents) AS total,
          bool_or(${lineInReach(ctx.actor, sql`l`)}) AS reached
        FROM invoice_lines l WHERE l.invoice_id = inv.id) x
    ), lines AS (
      SELECT inv.funding_source_id AS funder_id, to_char(${lineMonth}, 'YYYY-MM') AS month,
        sum(sh.scoped) FILTER (WHERE inv.type = 'DEB') AS invoiced, -sum(sh.scoped) FILTER (WHERE inv.type = 'CRE') AS credited
      FROM inv JOIN sh ON sh.invoice_id = inv.id
      WHERE inv.dated AND sh.scoped IS NOT NULL AND (inv.visible OR sh.reached)
      GROUP BY 1, 2
    ), paid AS (
      SELECT inv.funding_source_id AS funder_id, to_char(${basis === "accrual" ? sql`inv.month` : sql`p.booking_date`}, 'YYYY-MM') AS month,
        sum(round(a.amount_cents * coalesce(${share}, 0))) AS paid
      FROM payment_allocations a JOIN payments p ON p.id = a.payment_id JOIN inv ON inv.id = a.invoice_id LEFT JOIN sh ON sh.invoice_id = inv.id
      WHERE ${payPeriod} AND (inv.visible OR sh.reached)
      GROUP BY 1, 2
    )
    SELECT coalesce(lines.funder_id, paid.funder_id) AS funder_id, fs.name AS funder, coalesce(lines.month, paid.month) AS month,
      lines.invoiced::text, lines.credited::text, paid.paid::text
    FROM lines FULL JOIN paid ON paid.funder_id = lines.funder_id AND paid.month = lines.month
    JOIN funding_sources fs ON fs.id = coalesce(lines.funder_id, paid.funder_id)
    ORDER BY fs.name`),
    )),
  ];
  const months = monthsOf(f.from, f.to);
  const rows = new Map<string, ReportRow>();
  for (const c of cells) {
    const row = rows.get(c.funder_id) ?? {
      key: c.funder_id,
      label: { et: c.funder, en: c.funder },
      drill: true,
      values: {
        ...Object.fromEntries(months.map((m) => [`m${m}`, 0])),
        invoicedCents: 0,
        creditedCents: 0,
        paidCents: 0,
        outstandingCents: basis === "accrual" ? 0 : null,
      } as ReportValues,
    };
    const v = { invoiced: Number(c.invoiced ?? 0), credited: Number(c.credited ?? 0), paid: Number(c.paid ?? 0) };
    const cell = { ...v, outstanding: v.invoiced - v.credited - v.paid };
    row.values[`m${c.month}`] = (row.values[`m${c.month}`] ?? 0) + cell[measure];
    row.values.invoicedCents! += cell.invoiced;
    row.values.creditedCents! += cell.credited;
    row.values.paidCents! += cell.paid;
    if (basis === "accrual") row.values.outstandingCents! += cell.outstanding;
    rows.set(c.funder_id, row);
  }
  const columns: ReportColumn[] = [
    ...months.map((m) => ({ key: `m${m}`, kind: "money" as const, month: m })),
    { key: "invoicedCents", kind: "money" },
    { key: "creditedCents", kind: "money" },
    { key: "paidCents", kind: "money" },
    { key: "outstandingCents", kind: "money" },
  ];
  const out = [...rows.values()];
  const totals = Object.fromEntries(
    columns.map((c) => [
      c.key,
      c.key === "outstandingCents" && basis === "cash" ? null : out.reduce((a, r) => a + (r.values[c.key] ?? 0), 0),
    ]),
  );
  return {
    report: "income",
    scope: { filters: scope.filters, labels: scope.labels },
    rowHeader: "funder",
    columns,
    rows: out,
    totals,
    chart: { measure },
  };
}

type LineRow = {
  id: string;
  number: string;
  type: "DEB" | "CRE";
  invoice_id: string;
  month: string;
  invoice_date: string;
  client_id: string;
  visible: boolean;
  client_name: string | null;
  service: string;
  quantity: string;
  cents: string;
  total: number;
};
export const INCOME_DRILL_LIMIT = 500;

/** Drill-down: the invoice lines behind a funder's invoiced and credited figures (credit notes negative). */
export async function incomeRows(ctx: DomainContext, input: z.infer<typeof incomeRowsInput>) {
  const scope = await resolveScope(ctx, input, { money: true });
  const basis = input.basis ?? "accrual";
  // A month column holds the lines of that month: the service month, or on a cash basis the invoice date's.
  const month = input.month
    ? sql`AND to_char(${basis === "accrual" ? sql`invoices.month` : sql`invoices.invoice_date`}, 'YYYY-MM') = ${input.month}`
    : sql``;
  const rows = [
    ...(await ctx.db.execute<LineRow>(
      customPlan(sql`
    SELECT l.id, invoices.number, invoices.type, invoices.id AS invoice_id, to_char(invoices.month, 'YYYY-MM') AS month, invoices.invoice_date::text,
      l.client_id, ${clientVisibility(ctx.actor)} AS visible, CASE WHEN ${clientVisibility(ctx.actor)} THEN clients.first_name || ' ' || clients.last_name END AS client_name,
      l.service_code || ' ' || l.service_name AS service, l.quantity::text, (l.net_cents + l.vat_cents)::text AS cents, count(*) OVER ()::int AS total
    FROM invoice_lines l JOIN invoices ON invoices.id = l.invoice_id JOIN clients ON clients.id = l.client_id
    WHERE ${invoiceFilter(input.key ?? scope.filters.fundingSourceId, linesDated(basis, scope.filters))} AND ${invoiceInReach(ctx.actor)}
      AND ${lineInScope(scope)} ${month}
    ORDER BY invoices.month, invoices.number, l.id
    LIMIT ${INCOME_DRILL_LIMIT}`),
    )),
  ];
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "report.drill",
    ip: ctx.ip,
    details: { report: "income", from: input.from, to: input.to, key: input.key, month: input.month ?? null, rows: rows.length },
  });
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      invoiceId: r.invoice_id,
      number: r.number,
      credit: r.type === "CRE",
      month: r.month,
      invoiceDate: r.invoice_date,
      clientId: r.visible ? r.client_id : null,
      clientName: r.client_name,
      service: r.service,
      quantity: Number(r.quantity),
      cents: Number(r.cents),
    })),
  };
}
