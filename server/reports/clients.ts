import { sql, type SQL } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { uuidArray } from "@/server/db/sql-helpers";
import { birthDateOf } from "@/lib/identifiers";
import { COUNTIES, COUNTY_NAMES } from "@/lib/counties";
import { datasetMonths } from "./dataset-months";
import { clientInScope, reportFilters, resolveScope, type ReportFilters, type ReportScope } from "./filters";
import { CLIENT_GROUPINGS, type ClientGrouping } from "./schemas";
import type { ReportColumn, ReportData, ReportRow } from "./table";

/**
 * Report 7, clients: how many clients were active in the period and how many of them new, by
 * funder, service, unit, age band, sex or county. Active: a funding decision running in the period or an
 * entry in their dataset in it; new: their first decision starts in the period. Age (on the
 * period's last day) and sex come from the Estonian personal code (the birth date where there is
 * no code). A client counts once in the totals even when on several rows (two funders, units...).
 * Counts only, no money: reports:read is enough. County is the one recorded with the client's address.
 */

export { CLIENT_GROUPINGS, type ClientGrouping };
export const clientsInput = reportFilters.and(z.object({ by: z.enum(CLIENT_GROUPINGS).default("funder") }));
export type ClientsInput = z.infer<typeof clientsInput>;

export const AGE_BANDS = [
  [0, 17],
  [18, 26],
  [27, 39],
  [40, 64],
  [65, 200],
] as const;

export type Client = {
  id: string;
  personal_code: string | null;
  birth_date: string | null;
  county: string | null;
  first_start: string | null;
  funders: [string, string][] | null;
  services: [string, string][] | null;
  units: [string, string][] | null;
};

/** Age in whole years on a day. */
function ageOn(birth: Date, day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const age = y - birth.getUTCFullYear();
  return m < birth.getUTCMonth() + 1 || (m === birth.getUTCMonth() + 1 && d < birth.getUTCDate()) ? age - 1 : age;
}

const label = (et: string, en = et) => ({ et, en });

/**
 * The clients the report counts (active in the period, in scope and filters), with what they are
 * grouped by: the list of funders, services or units only for that grouping (the others null),
 * since each is a look into every counted client's rows.
 */
export async function clientsInReport(ctx: DomainContext, scope: ReportScope, by: ClientGrouping): Promise<Client[]> {
  const f = scope.filters;
  const dataset = datasetMonths(f.from, f.to);
  const decisionIn: SQL[] = [sql`d.client_id = c.id`, sql`d.start_date <= ${f.to}::date AND d.end_date >= ${f.from}::date`];
  if (f.fundingSourceId) decisionIn.push(sql`d.funding_source_id = ${f.fundingSourceId}`);
  // The client's dataset of the period from the monthly aggregate (dataset-months.ts): a dozen
  // rows a year per client instead of every entry.
  const entryIn: SQL[] = [sql`e.client_id = c.id`];
  if (f.serviceId) entryIn.push(sql`e.service_id = ${f.serviceId}`);
  if (f.employeeId) entryIn.push(sql`e.specialist_id = ${f.employeeId}`);
  if (f.fundingSourceId)
    entryIn.push(
      sql`EXISTS (SELECT 1 FROM funding_decisions ed WHERE ed.id = e.decision_id AND ed.funding_source_id = ${f.fundingSourceId})`,
    );
  // With a service or employee chosen, only clients with such entries count; otherwise a running decision is enough.
  const active =
    f.serviceId || f.employeeId
      ? sql`EXISTS (SELECT 1 FROM ${dataset} e WHERE ${sql.join(entryIn, sql` AND `)})`
      : sql`(EXISTS (SELECT 1 FROM funding_decisions d WHERE ${sql.join(decisionIn, sql` AND `)}) OR EXISTS (SELECT 1 FROM ${dataset} e WHERE ${sql.join(entryIn, sql` AND `)}))`;
  const unitsIn = scope.unitIds === null ? sql`` : sql`AND cu.unit_id = ANY(${uuidArray(scope.unitIds)})`;
  const only = (grouping: ClientGrouping, list: SQL) => (by === grouping ? list : sql`NULL`);
  return [
    ...(await ctx.db.execute<Client>(
      customPlan(sql`
    SELECT c.id, c.personal_code, c.birth_date::text, c.county,
      (SELECT min(d.start_date)::text FROM funding_decisions d WHERE d.client_id = c.id) AS first_start,
      ${only(
        "funder",
        sql`(SELECT json_agg(DISTINCT jsonb_build_array(fs.id, fs.name)) FROM funding_decisions d JOIN funding_sources fs ON fs.id = d.funding_source_id
        WHERE ${sql.join(decisionIn, sql` AND `)})`,
      )} AS funders,
      ${only(
        "service",
        sql`(SELECT json_agg(DISTINCT jsonb_build_array(s.id, s.code || ' ' || s.name_et)) FROM ${dataset} e JOIN services s ON s.id = e.service_id
        WHERE ${sql.join(entryIn, sql` AND `)})`,
      )} AS services,
      ${only(
        "unit",
        sql`(SELECT json_agg(DISTINCT jsonb_build_array(u.id, u.name)) FROM client_units cu JOIN units u ON u.id = cu.unit_id
        WHERE cu.client_id = c.id ${unitsIn})`,
      )} AS units
    FROM clients c
    WHERE ${clientInScope(scope, sql`c.id`)} AND ${active}`),
    )),
  ];
}

/** Whether a client is new in the period: their first decision starts in it. */
export const isNewIn = (c: Client, f: ReportFilters) => c.first_start !== null && c.first_start >= f.from && c.first_start <= f.to;

/** The rows a client counts on: one per funder, service or unit, else exactly one (band, sex, county). */
export function groupsOf(c: Client, by: ClientGrouping, day: string): { key: string; label: { et: string; en: string } }[] {
  if (by === "ageBand") {
    const birth = c.personal_code ? birthDateOf(c.personal_code) : c.birth_date ? new Date(`${c.birth_date}T00:00:00Z`) : null;
    const age = birth ? ageOn(birth, day) : null;
    const band = age === null ? null : AGE_BANDS.find(([lo, hi]) => age >= lo && age <= hi)!;
    if (!band) return [{ key: "unknown", label: label("teadmata", "unknown") }];
    return [{ key: `${band[0]}-${band[1]}`, label: band[1] >= 200 ? label(`${band[0]}+`) : label(`${band[0]}–${band[1]}`) }];
  }
  if (by === "sex") {
    const digit = c.personal_code ? Number(c.personal_code[0]) : null;
    if (digit === null) return [{ key: "unknown", label: label("teadmata", "unknown") }];
    return [digit % 2 === 1 ? { key: "male", label: label("mees", "male") } : { key: "female", label: label("naine", "female") }];
  }
  if (by === "county") {
    const county = COUNTIES.find((k) => k === c.county);
    return [
      county
        ? { key: county, label: label(COUNTY_NAMES[county].et, COUNTY_NAMES[county].en) }
        : { key: "unknown", label: label("teadmata", "unknown") },
    ];
  }
  const list = (by === "funder" ? c.funders : by === "service" ? c.services : c.units) ?? [];
  if (list.length === 0) return [{ key: "none", label: label("puudub", "none") }];
  return list.map(([id, name]) => ({ key: id, label: label(name) }));
}

export async function clientsReport(ctx: DomainContext, input: ClientsInput): Promise<ReportData> {
  const scope = await resolveScope(ctx, input);
  const f = scope.filters;
  const by = input.by ?? "funder";
  const clients = await clientsInReport(ctx, scope, by);
  const rows = new Map<string, ReportRow>();
  let newTotal = 0;
  for (const c of clients) {
    const isNew = isNewIn(c, f);
    if (isNew) newTotal += 1;
    for (const g of groupsOf(c, by, f.to)) {
      const row = rows.get(g.key) ?? { key: g.key, label: g.label, drill: true, values: { active: 0, new: 0 } };
      row.values.active! += 1;
      if (isNew) row.values.new! += 1;
      rows.set(g.key, row);
    }
  }
  const order = by === "ageBand" ? AGE_BANDS.map(([lo, hi]) => `${lo}-${hi}`) : null;
  const sorted = [...rows.values()].sort((a, b) =>
    order
      ? (order.indexOf(a.key) === -1 ? 99 : order.indexOf(a.key)) - (order.indexOf(b.key) === -1 ? 99 : order.indexOf(b.key))
      : a.label.et.localeCompare(b.label.et, "et"),
  );
  const columns: ReportColumn[] = [
    { key: "active", kind: "count" },
    { key: "new", kind: "count" },
  ];
  return {
    report: "clients",
    scope: { filters: scope.filters, labels: scope.labels },
    rowHeader: by === "ageBand" ? "ageBand" : by,
    columns,
    rows: sorted,
    totals: { active: clients.length, new: newTotal },
    chart: { measure: "active" },
  };
}
