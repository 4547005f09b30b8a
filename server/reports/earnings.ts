import { sql, type SQL } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { uuidArray } from "@/server/db/sql-helpers";
import { reportFilters, resolveScope, type ReportScope } from "./filters";
import { datasetIn } from "./dataset-months";
import type { ReportColumn, ReportData, ReportRow, ReportValues } from "./table";

/**
 * Report 3, money brought in: per specialist or per unit, the billable value of the done work in
 * the period (the dataset entries' amounts, priced at their day's price list), of it what is on a
 * numbered invoice and what is paid (the paid share of the invoices holding its service report,
 * rounded per client, decision, service, specialist and month: the rows of the monthly dataset
 * aggregate), and the hours
 * of general work, which bring no money. A unit is the client's unit: an entry of a client of two
 * units counts in both rows, and the totals count it once. A money report: billing:read as well.
 */

export const EARNINGS_GROUPINGS = ["specialist", "unit"] as const;
export const earningsInput = reportFilters.and(z.object({ by: z.enum(EARNINGS_GROUPINGS).default("specialist") }));
export type EarningsInput = z.infer<typeof earningsInput>;

type Figures = { key: string | null; label: string | null; entries: number; billable: string; invoiced: string; paid: string };

// What the invoices (if any) of the service report each dataset row belongs to (its decision and
// month) ask for and have received, kept per report by triggers (service_report_balances): a
// period's rows come from its key alone and are hash-joined, instead of joining a year's reports
// to their invoice lines and balances at read time.
const invoiceOfEntry = (f: ReportScope["filters"]) => sql`LEFT JOIN (
    SELECT decision_id, month, due_cents AS due, paid_cents AS paid FROM service_report_balances
    WHERE month BETWEEN date_trunc('month', ${f.from}::date) AND ${f.to}::date) inv ON inv.decision_id = e.decision_id AND inv.month = e.month`;

async function entryFigures(ctx: DomainContext, scope: ReportScope, by: "specialist" | "unit" | "all") {
  const key = by === "specialist" ? sql`e.specialist_id` : by === "unit" ? sql`cu.unit_id` : sql`NULL::uuid`;
  const label = by === "specialist" ? sql`max(emp.first_name || ' ' || emp.last_name)` : by === "unit" ? sql`max(u.name)` : sql`NULL`;
  let joins = invoiceOfEntry(scope.filters);
  if (by === "specialist") joins = sql`${joins} JOIN employees emp ON emp.id = e.specialist_id`;
  if (by === "unit") {
    const inScope = scope.unitIds === null ? sql`` : sql`AND cu.unit_id = ANY(${uuidArray(scope.unitIds)})`;
    joins = sql`${joins} JOIN client_units cu ON cu.client_id = e.client_id ${inScope} JOIN units u ON u.id = cu.unit_id`;
  }
  return [
    ...(await ctx.db.execute<Figures>(
      customPlan(sql`
    SELECT ${key} AS key, ${label} AS label, coalesce(sum(e.entries), 0)::int AS entries, coalesce(sum(e.amount_cents), 0)::text AS billable,
      coalesce(sum(e.amount_cents) FILTER (WHERE inv.due > 0), 0)::text AS invoiced,
      coalesce(sum(round(e.amount_cents * least(1, inv.paid::numeric / inv.due))) FILTER (WHERE inv.due > 0), 0)::text AS paid
    ${datasetIn(scope, scope.filters, joins)}
    GROUP BY 1`),
    )),
  ];
}

function sumFigures(rows: Figures[]): Figures {
  const cents = (k: "billable" | "invoiced" | "paid") => String(rows.reduce((a, r) => a + BigInt(r[k]), 0n));
  return {
    key: null,
    label: null,
    entries: rows.reduce((a, r) => a + r.entries, 0),
    billable: cents("billable"),
    invoiced: cents("invoiced"),
    paid: cents("paid"),
  };
}

type Hours = { key: string | null; label: string | null; hours: string };

/** General work: time logged under work types, by the person or by the work type's unit, for the staff of the scope. */
async function generalHours(ctx: DomainContext, scope: ReportScope, by: "specialist" | "unit") {
  const f = scope.filters;
  const where: SQL[] = [sql`t.work_date BETWEEN ${f.from}::date AND ${f.to}::date`];
  if (f.employeeId) where.push(sql`t.employee_id = ${f.employeeId}`);
  if (scope.unitIds !== null) {
    where.push(
      scope.unitIds.length === 0
        ? sql`false`
        : sql`EXISTS (SELECT 1 FROM employee_units eu WHERE eu.employee_id = t.employee_id AND eu.unit_id = ANY(${uuidArray(scope.unitIds)}))`,
    );
  }
  const key = by === "specialist" ? sql`t.employee_id` : sql`w.unit_id`;
  const label = by === "specialist" ? sql`max(emp.first_name || ' ' || emp.last_name)` : sql`max(u.name)`;
  return [
    ...(await ctx.db.execute<Hours>(
      customPlan(sql`
    SELECT ${key} AS key, ${label} AS label, coalesce(sum(t.hours), 0)::text AS hours
    FROM time_entries t JOIN work_types w ON w.id = t.work_type_id JOIN employees emp ON emp.id = t.employee_id LEFT JOIN units u ON u.id = w.unit_id
    WHERE ${sql.join(where, sql` AND `)}
    GROUP BY 1`),
    )),
  ];
}

export async function earningsReport(ctx: DomainContext, input: EarningsInput): Promise<ReportData> {
  const scope = await resolveScope(ctx, input, { money: true });
  const by = input.by ?? "specialist";
  // Every dataset row has one specialist and every time entry one person and one work type, so
  // those rows add up to the totals; a client of two units is on two unit rows, so the units'
  // totals are a query of their own (the entries counted once).
  const [figures, hours, allOfUnits] = await Promise.all([
    entryFigures(ctx, scope, by),
    generalHours(ctx, scope, by),
    by === "unit" ? entryFigures(ctx, scope, "all") : null,
  ]);
  const all = allOfUnits ? allOfUnits[0] : sumFigures(figures);
  const allHours = hours.reduce((a, r) => a + Number(r.hours), 0);
  const rows = new Map<string, ReportRow>();
  const rowOf = (key: string | null, label: string | null) => {
    const k = key ?? "none";
    const row = rows.get(k) ?? {
      key: k,
      label: { et: label ?? "Üksuseta üldtöö", en: label ?? "General work of no unit" },
      drill: false,
      values: { entries: 0, billableCents: 0, invoicedCents: 0, paidCents: 0, generalHours: 0 } as ReportValues,
    };
    rows.set(k, row);
    return row;
  };
  for (const r of figures) {
    const row = rowOf(r.key, r.label);
    Object.assign(row.values, {
      entries: r.entries,
      billableCents: Number(r.billable),
      invoicedCents: Number(r.invoiced),
      paidCents: Number(r.paid),
    });
    row.drill = r.entries > 0;
  }
  for (const r of hours) rowOf(r.key, r.label).values.generalHours = Number(r.hours);
  const columns: ReportColumn[] = [
    { key: "entries", kind: "count" },
    { key: "billableCents", kind: "money" },
    { key: "invoicedCents", kind: "money" },
    { key: "paidCents", kind: "money" },
    { key: "generalHours", kind: "hours" },
  ];
  return {
    report: "earnings",
    scope: { filters: scope.filters, labels: scope.labels },
    rowHeader: by === "unit" ? "unit" : "employee",
    columns,
    rows: [...rows.values()].sort((a, b) => a.label.et.localeCompare(b.label.et, "et")),
    totals: {
      entries: all?.entries ?? 0,
      billableCents: Number(all?.billable ?? 0),
      invoicedCents: Number(all?.invoiced ?? 0),
      paidCents: Number(all?.paid ?? 0),
      generalHours: Math.round(allHours * 100) / 100,
    },
    chart: { measure: "billableCents" },
  };
}
