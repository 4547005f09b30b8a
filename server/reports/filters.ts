import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { employees, employeeUnits, fundingSources, services, specialties, units } from "@/db/schema";
import { isoDate, isUuid } from "@/lib/schemas";
import type { DomainContext } from "@/server/domain-context";
import { AppError, invalid } from "@/server/errors";
import { invoiceVisibility } from "@/server/billing/invoices";
import { subtreeOf, type Actor } from "@/server/policy/actor";
import { clientVisibility } from "@/server/policy/client-scope";
import { requirePermission } from "@/server/policy/policy";
import { uuidArray } from "@/server/db/sql-helpers";

/** The longest period a report covers: five years, so one request cannot scan the whole history. */
export const MAX_PERIOD_YEARS = 5;

/** The same day `years` later or earlier (29 February becomes the 28th). */
export function shiftYears(iso: string, years: number): string {
  const md = iso.slice(5) === "02-29" ? "02-28" : iso.slice(5);
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, "0")}-${md}`;
}

/**
 * The filters every report takes; the same object is the page's URL, so a report can be shared.
 * The period's order and length are checked in resolveScope, which words the refusal.
 */
// An id filter is any short text here: resolveScope refuses one that names nothing (malformed
// or unknown alike) with the filter's own message, where a schema refusal could only say "check the field".
const filterId = z.string().max(100).nullish();
export const reportFilters = z.object({
  from: isoDate,
  to: isoDate,
  unitId: filterId,
  fundingSourceId: filterId,
  serviceId: filterId,
  employeeId: filterId,
});
export type ReportFilters = z.infer<typeof reportFilters>;

/**
 * What a report may count, decided once per request: the units whose clients' figures the
 * viewer sees (null = the whole institution), and the named filters, checked to exist and to be
 * in the viewer's reach. Every query of every report is built from this, never from raw input.
 */
export type ReportScope = {
  filters: ReportFilters;
  /** Client units counted; null when nothing narrows it (scope all, no unit chosen). */
  unitIds: string[] | null;
  labels: { unit: string | null; funder: string | null; service: string | null; employee: string | null };
};

export async function resolveScope(ctx: DomainContext, filters: ReportFilters, opts: { money?: boolean } = {}): Promise<ReportScope> {
  const scope = requirePermission(ctx.actor, "reports", "read");
  if (filters.to < filters.from) throw invalid("to", "reports.errors.periodOrder", "The period ends before it starts");
  if (filters.to >= shiftYears(filters.from, MAX_PERIOD_YEARS))
    throw invalid("to", "reports.errors.periodTooLong", "A report covers at most 5 years");
  // Euros come from the dataset's prices and the invoices: the accountant's side of the house.
  if (opts.money) requirePermission(ctx.actor, "billing", "read");
  const unknown = (field: "unitId" | "fundingSourceId" | "serviceId" | "employeeId", key: string, message: string) => {
    if (filters[field] && !isUuid(filters[field])) throw invalid(field, `reports.errors.${key}`, message);
  };
  unknown("unitId", "unknownUnit", "There is no such unit");
  unknown("fundingSourceId", "unknownFunder", "There is no such funder");
  unknown("serviceId", "unknownService", "There is no such service");
  unknown("employeeId", "unknownEmployee", "There is no such employee");
  const reach = scope === "all" ? null : [...ctx.actor.unitSubtree];
  let unitIds = reach;
  const labels: ReportScope["labels"] = { unit: null, funder: null, service: null, employee: null };
  if (filters.unitId) {
    const tree = await ctx.db.select({ id: units.id, parentId: units.parentId, name: units.name }).from(units);
    const unit = tree.find((u) => u.id === filters.unitId);
    if (!unit) throw invalid("unitId", "reports.errors.unknownUnit", "There is no such unit");
    if (reach && !reach.includes(unit.id)) throw outOfReach("unitId");
    unitIds = [...subtreeOf([unit.id], tree)];
    labels.unit = unit.name;
  }
  if (filters.fundingSourceId) {
    const [row] = await ctx.db
      .select({ name: fundingSources.name })
      .from(fundingSources)
      .where(eq(fundingSources.id, filters.fundingSourceId));
    if (!row) throw invalid("fundingSourceId", "reports.errors.unknownFunder", "There is no such funder");
    labels.funder = row.name;
  }
  if (filters.serviceId) {
    const [row] = await ctx.db
      .select({ code: services.code, name: services.nameEt })
      .from(services)
      .where(eq(services.id, filters.serviceId));
    if (!row) throw invalid("serviceId", "reports.errors.unknownService", "There is no such service");
    labels.service = `${row.code} ${row.name}`;
  }
  if (filters.employeeId) {
    const [row] = await ctx.db
      .select({ first: employees.firstName, last: employees.lastName })
      .from(employees)
      .where(eq(employees.id, filters.employeeId));
    if (!row) throw invalid("employeeId", "reports.errors.unknownEmployee", "There is no such employee");
    if (reach) {
      const inReach =
        reach.length === 0
          ? []
          : await ctx.db
              .select({ id: employeeUnits.unitId })
              .from(employeeUnits)
              .where(and(eq(employeeUnits.employeeId, filters.employeeId), inArray(employeeUnits.unitId, reach)));
      if (inReach.length === 0) throw outOfReach("employeeId");
    }
    labels.employee = `${row.first} ${row.last}`;
  }
  return { filters, unitIds, labels };
}

/** Names the filter in the message as well as in `field`, since the message is also read alone (an alert, an API caller). */
const outOfReach = (field: "unitId" | "employeeId") =>
  new AppError(
    "FORBIDDEN",
    field === "unitId" ? "reports.errors.outOfReachUnit" : "reports.errors.outOfReachEmployee",
    field === "unitId"
      ? "The unit filter reaches beyond the units your reports cover"
      : "The employee filter names someone outside the units your reports cover",
    { field },
  );

/**
 * The condition that keeps a row of a client's work inside the report: the client belongs to a
 * unit of the scope. `clientId` is the SQL of the row's client column. Uncorrelated: in a WHERE
 * it becomes a semi-join, and asked inside an expression (a FILTER) of many rows, the scope's
 * clients are looked up once, not once per row.
 */
export function clientInScope(scope: ReportScope, clientId: SQL): SQL {
  if (scope.unitIds === null) return sql`true`;
  if (scope.unitIds.length === 0) return sql`false`;
  return sql`${clientId} IN (SELECT cu.client_id FROM client_units cu WHERE cu.unit_id = ANY(${uuidArray(scope.unitIds)}))`;
}

/**
 * Whether an invoice's figures reach the report: the viewer may open the invoice, or it has a
 * line for a client within their billing reach. A funder's invoice for many clients belongs to no
 * one client, so without the second a unit head would never see their units' part of it; the
 * reports then count only the scope's lines (or share) of such an invoice, never the rest.
 */
export function invoiceInReach(actor: Actor): SQL {
  return sql`(${invoiceVisibility(actor, "read")} OR EXISTS (SELECT 1 ${reachLines(actor)}))`;
}

/**
 * Whether a line (`line`, an invoice_lines alias) is for a client within the viewer's billing
 * reach: what makes its invoice reach the reports (invoiceInReach). Uncorrelated, so a query that
 * asks it of many lines (income: a year's 60,000) builds the set of such clients once.
 */
export const lineInReach = (actor: Actor, line: SQL) =>
  sql`${line}.client_id IN (SELECT clients.id FROM clients WHERE ${clientVisibility(actor, "read", "billing")})`;

/** The lines of `invoices` for a client within the viewer's billing reach (FROM … WHERE). */
const reachLines = (actor: Actor) => sql`FROM invoice_lines reach_line
  WHERE reach_line.invoice_id = invoices.id AND ${lineInReach(actor, sql`reach_line`)}`;

/**
 * invoiceInReach for a few invoices picked first (receivables: the unsettled ones): a join that
 * looks into each one's own lines, where the planner would answer the EXISTS by reading every
 * invoice line there is. Add `join` after the invoices and `where` to the conditions.
 */
export function invoiceInReachPerInvoice(actor: Actor): { join: SQL; where: SQL } {
  return {
    join: sql`LEFT JOIN LATERAL (SELECT 1 AS hit ${reachLines(actor)} LIMIT 1) reach ON true`,
    where: sql`(${invoiceVisibility(actor, "read")} OR reach.hit IS NOT NULL)`,
  };
}

/** The same period one year earlier (29 February falls back to the 28th). */
export function yearEarlier(f: ReportFilters): ReportFilters {
  return { ...f, from: shiftYears(f.from, -1), to: shiftYears(f.to, -1) };
}

/** The options a viewer may choose from in the filter bar: only units in reach. */
export async function filterOptions(ctx: DomainContext) {
  const scope = requirePermission(ctx.actor, "reports", "read");
  const [unitRows, funders, serviceRows, specialtyRows, people] = await Promise.all([
    ctx.db.select({ id: units.id, name: units.name, nameEn: units.nameEn, parentId: units.parentId }).from(units).orderBy(units.name),
    ctx.db
      .select({ id: fundingSources.id, name: fundingSources.name, nameEn: fundingSources.nameEn, kind: fundingSources.kind })
      .from(fundingSources)
      .orderBy(fundingSources.name),
    ctx.db
      .select({ id: services.id, code: services.code, nameEt: services.nameEt, nameEn: services.nameEn })
      .from(services)
      .orderBy(services.code),
    ctx.db.select({ id: specialties.id, nameEt: specialties.nameEt, nameEn: specialties.nameEn }).from(specialties),
    ctx.db
      .select({ id: employees.id, firstName: employees.firstName, lastName: employees.lastName, unitId: employeeUnits.unitId })
      .from(employees)
      .leftJoin(employeeUnits, eq(employeeUnits.employeeId, employees.id))
      .orderBy(employees.lastName, employees.firstName),
  ]);
  const reach = scope === "all" ? null : ctx.actor.unitSubtree;
  const unitsInReach = reach ? unitRows.filter((u) => reach.has(u.id)) : unitRows;
  const seen = new Set<string>();
  const employeesInReach = people
    .filter((p) => {
      if (seen.has(p.id) || (reach && (!p.unitId || !reach.has(p.unitId)))) return false;
      seen.add(p.id);
      return true;
    })
    .map((p) => ({ id: p.id, name: `${p.firstName} ${p.lastName}` }));
  return {
    scope,
    units: unitsInReach,
    funders,
    services: serviceRows,
    specialties: specialtyRows,
    employees: employeesInReach,
  };
}
