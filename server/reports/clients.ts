import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { uuidArray } from "@/server/db/sql-helpers";
import { birthDateOf } from "@/lib/identifiers";
import { datasetMonths } from "./dataset-months";
import { clientInScope, reportFilters, resolveScope } from "./filters";
import type { ReportColumn, ReportData, ReportRow } from "./table";

/**
 * Report 7, clients: how many clients were active in the period and how many of them new, by
 * funder, service, unit, age band or sex. Active: a funding decision running in the period or an
 * entry in their dataset in it; new: their first decision starts in the period. Age (on the
 * period's last day) and sex come from the Estonian personal code (the birth date where there is
 * no code). A client counts once in the totals even when on several rows (two funders, units...).
 * Counts only, no money: reports:read is enough. County is not recorded for clients, so no such row.
 */

export const CLIENT_GROUPINGS = ["funder", "service", "unit", "ageBand", "sex"] as const;
export const clientsInput = reportFilters.and(z.object({ by: z.enum(CLIENT_GROUPINGS).default("funder") }));
export type ClientsInput = z.infer<typeof clientsInput>;

export const AGE_BANDS = [
  [0, 17],
  [18, 26],
  [27, 39],
  [40, 64],
  [65, 200],
] as const;

type Client = {
  id: string;
  personal_code: string | null;
  birth_date: string | null;
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

export async function clientsReport(ctx: DomainContext, input: ClientsInput): Promise<ReportData> {
  const scope = await resolveScope(ctx, input);
  const f = scope.filters;
  const by = input.by ?? "funder";
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
  const clients = [
    ...(await ctx.db.execute<Client>(sql`
    SELECT c.id, c.personal_code, c.birth_date::text,
      (SELECT min(d.start_date)::text FROM funding_decisions d WHERE d.client_id = c.id) AS first_start,
      (SELECT json_agg(DISTINCT jsonb_build_array(fs.id, fs.name)) FROM funding_decisions d JOIN funding_sources fs ON fs.id = d.funding_source_id
        WHERE ${sql.join(decisionIn, sql` AND `)}) AS funders,
      (SELECT json_agg(DISTINCT jsonb_build_array(s.id, s.code || ' ' || s.name_et)) FROM ${dataset} e JOIN services s ON s.id = e.service_id
        WHERE ${sql.join(entryIn, sql` AND `)}) AS services,
      (SELECT json_agg(DISTINCT jsonb_build_array(u.id, u.name)) FROM client_units cu JOIN units u ON u.id = cu.unit_id
        WHERE cu.client_id = c.id ${unitsIn}) AS units
    FROM clients c
    WHERE ${clientInScope(scope, sql`c.id`)} AND ${active}`)),
  ];
  const rows = new Map<string, ReportRow>();
  const count = (key: string, name: { et: string; en: string }, isNew: boolean) => {
    const row = rows.get(key) ?? { key, label: name, drill: false, values: { active: 0, new: 0 } };
    row.values.active! += 1;
    if (isNew) row.values.new! += 1;
    rows.set(key, row);
  };
  let newTotal = 0;
  for (const c of clients) {
    const isNew = c.first_start !== null && c.first_start >= f.from && c.first_start <= f.to;
    if (isNew) newTotal += 1;
    const birth = c.personal_code ? birthDateOf(c.personal_code) : c.birth_date ? new Date(`${c.birth_date}T00:00:00Z`) : null;
    if (by === "ageBand") {
      const age = birth ? ageOn(birth, f.to) : null;
      const band = age === null ? null : AGE_BANDS.find(([lo, hi]) => age >= lo && age <= hi)!;
      if (band) count(`${band[0]}-${band[1]}`, band[1] >= 200 ? label(`${band[0]}+`) : label(`${band[0]}–${band[1]}`), isNew);
      else count("unknown", label("teadmata", "unknown"), isNew);
    } else if (by === "sex") {
      const digit = c.personal_code ? Number(c.personal_code[0]) : null;
      if (digit === null) count("unknown", label("teadmata", "unknown"), isNew);
      else if (digit % 2 === 1) count("male", label("mees", "male"), isNew);
      else count("female", label("naine", "female"), isNew);
    } else {
      const list = (by === "funder" ? c.funders : by === "service" ? c.services : c.units) ?? [];
      if (list.length === 0) count("none", label("puudub", "none"), isNew);
      for (const [id, name] of list) count(id, label(name), isNew);
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
