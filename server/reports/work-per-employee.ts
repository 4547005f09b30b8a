import { sql, type SQL } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import type { DomainContext } from "@/server/domain-context";
import { uuidArray } from "@/server/db/sql-helpers";
import { can } from "@/server/policy/policy";
import { possibleHours } from "@/server/workload/possible-hours";
import { tallinnTime } from "@/lib/tallinn-time";
import { reportFilters, resolveScope, type ReportFilters, type ReportScope } from "./filters";
import { datasetMonths } from "./dataset-months";
import type { ReportColumn, ReportData, ReportRow, ReportValues } from "./table";

/**
 * Report 4, work per employee: for each employee of the units in scope, the entries they made in
 * client datasets (count, hours, euros), their planned / agreed / done session hours against the
 * possible hours of the period (utilisation), and what is still missing before month close:
 * done sessions without an entry, and planned or agreed sessions already in the past. Unlike the
 * service structure, the rows are people: a unit head sees the work of their units' staff.
 */

export const workPerEmployeeInput = reportFilters;
export type WorkPerEmployeeInput = ReportFilters;

type Person = { id: string; first_name: string; last_name: string; weekly_hours: string };

async function people(ctx: DomainContext, scope: ReportScope): Promise<Person[]> {
  const f = scope.filters;
  const conditions: SQL[] = [sql`e.active`];
  if (f.employeeId) conditions.push(sql`e.id = ${f.employeeId}`);
  if (scope.unitIds !== null) {
    conditions.push(
      scope.unitIds.length === 0
        ? sql`false`
        : sql`EXISTS (SELECT 1 FROM employee_units eu WHERE eu.employee_id = e.id AND eu.unit_id = ANY(${uuidArray(scope.unitIds)}))`,
    );
  }
  return [
    ...(await ctx.db.execute<Person>(sql`
    SELECT e.id, e.first_name, e.last_name, e.weekly_hours::text FROM employees e
    WHERE ${sql.join(conditions, sql` AND `)} ORDER BY e.last_name, e.first_name`)),
  ];
}

/** The entries a specialist made in the period, with the report's funder and service filters. */
export function specialistEntries(f: ReportFilters, employeeIds: SQL, joins: SQL = sql``): SQL {
  const conditions: SQL[] = [sql`e.service_date BETWEEN ${f.from}::date AND ${f.to}::date`, sql`e.specialist_id = ANY(${employeeIds})`];
  if (f.fundingSourceId) conditions.push(sql`d.funding_source_id = ${f.fundingSourceId}`);
  if (f.serviceId) conditions.push(sql`e.service_id = ${f.serviceId}`);
  return sql`FROM service_entries e JOIN services s ON s.id = e.service_id JOIN funding_decisions d ON d.id = e.decision_id
    LEFT JOIN sessions ss ON ss.id = e.session_id ${joins} WHERE ${sql.join(conditions, sql` AND `)}`;
}

/** The same from the monthly dataset aggregate (dataset-months.ts), for the figures per person. */
function specialistDataset(f: ReportFilters, employeeIds: SQL): SQL {
  const conditions: SQL[] = [sql`e.specialist_id = ANY(${employeeIds})`];
  if (f.fundingSourceId) conditions.push(sql`d.funding_source_id = ${f.fundingSourceId}`);
  if (f.serviceId) conditions.push(sql`e.service_id = ${f.serviceId}`);
  return sql`FROM ${datasetMonths(f.from, f.to)} e JOIN funding_decisions d ON d.id = e.decision_id WHERE ${sql.join(conditions, sql` AND `)}`;
}

const dayAfter = (iso: string) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** Possible hours of the period: each working day's hours (holidays and shortened days as the workload plan counts them). */
export function possibleInPeriod(from: string, to: string, weeklyHours: number): number {
  let total = 0;
  for (let month = from.slice(0, 7); month <= to.slice(0, 7);) {
    for (const day of possibleHours(month, weeklyHours).days) if (day.date >= from && day.date <= to) total += day.hours;
    const [y, m] = month.split("-").map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  }
  return Math.round(total * 100) / 100;
}

type EntryFigures = { id: string; n: number; hours: string; cents: string };
type SessionFigures = { id: string; status: "planned" | "agreed" | "done"; hours: string; past: number };

export async function workPerEmployee(ctx: DomainContext, input: WorkPerEmployeeInput, now = new Date()): Promise<ReportData> {
  const scope = await resolveScope(ctx, input);
  const money = can(ctx.actor, "billing", "read");
  const f = scope.filters;
  const staff = await people(ctx, scope);
  const ids = uuidArray(staff.map((p) => p.id));
  const from = tallinnTime(f.from, "00:00").toISOString();
  const to = tallinnTime(dayAfter(f.to), "00:00").toISOString();
  const sessionFilters: SQL[] = [];
  if (f.serviceId) sessionFilters.push(sql`s.service_id = ${f.serviceId}`);
  if (f.fundingSourceId) {
    sessionFilters.push(sql`EXISTS (SELECT 1 FROM session_participants p JOIN funding_decisions d ON d.id = p.decision_id
      WHERE p.session_id = s.id AND d.funding_source_id = ${f.fundingSourceId})`);
  }
  const sessionsMatch = sessionFilters.length
    ? sql`AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = sp.session_id AND ${sql.join(sessionFilters, sql` AND `)})`
    : sql``;
  const [entries, sessions, missing] = await Promise.all([
    ctx.db.execute<EntryFigures>(
      customPlan(sql`SELECT e.specialist_id AS id, sum(e.entries)::int AS n, sum(e.hours)::text AS hours, sum(e.amount_cents)::text AS cents
      ${specialistDataset(f, ids)} GROUP BY 1`),
    ),
    // From the specialists' own rows (their copies of the session's time and status), without a
    // look into every session of the period; the sessions only when a filter asks about them.
    // Lengths summed as intervals and turned into hours once per group: per row, the numeric
    // arithmetic cost more than reading a year's 300,000 rows.
    ctx.db.execute<SessionFigures>(
      customPlan(sql`
      SELECT sp.employee_id AS id, sp.status, (extract(epoch FROM sum(sp.ends_at - sp.starts_at)) / 3600)::text AS hours,
        (count(*) FILTER (WHERE sp.ends_at < ${now.toISOString()}::timestamptz))::int AS past
      FROM session_specialists sp
      WHERE sp.employee_id = ANY(${ids}) AND sp.starts_at >= ${from}::timestamptz AND sp.starts_at < ${to}::timestamptz
        AND sp.status IN ('planned', 'agreed', 'done') ${sessionsMatch}
      GROUP BY 1, 2`),
    ),
    // Done sessions' participants still without an entry (their copy of the session's status),
    // picked first from the partial index of such rows (session_participants_missing_entry_idx),
    // then their specialists one by one.
    ctx.db.execute<{ id: string; missing: number }>(
      customPlan(sql`
      WITH waiting AS MATERIALIZED (
        SELECT mp.session_id FROM session_participants mp
        WHERE mp.entry_id IS NULL AND mp.attendance <> 'absent' AND mp.status = 'done'
          AND mp.starts_at >= ${from}::timestamptz AND mp.starts_at < ${to}::timestamptz
      )
      SELECT sp.employee_id AS id, count(*)::int AS missing
      FROM waiting CROSS JOIN LATERAL (
        -- OFFSET 0 keeps this a look-up per waiting session (the primary key's first column), where
        -- the planner would otherwise read every specialist row of ten years to join a few hundred.
        -- The people are checked after it: inside, the list became one index search per person.
        SELECT sp.employee_id FROM session_specialists sp
        WHERE sp.session_id = waiting.session_id ${sessionsMatch}
        OFFSET 0
      ) sp
      WHERE sp.employee_id = ANY(${ids})
      GROUP BY 1`),
    ),
  ]);
  const missingOf = new Map([...missing].map((r) => [r.id, r.missing]));
  const byEntry = new Map([...entries].map((r) => [r.id, r]));
  const bySession = new Map<string, { planned: number; agreed: number; done: number; past_open: number }>();
  for (const r of sessions) {
    const figures = bySession.get(r.id) ?? { planned: 0, agreed: 0, done: 0, past_open: 0 };
    figures[r.status] = Number(r.hours);
    // Sessions still planned or agreed after their end.
    if (r.status !== "done") figures.past_open += r.past;
    bySession.set(r.id, figures);
  }
  // The same for everyone with the same weekly hours: worked out once for each.
  const possibleOf = new Map<number, number>();
  const rows: ReportRow[] = staff.map((p) => {
    const e = byEntry.get(p.id);
    const s = bySession.get(p.id);
    const weekly = Number(p.weekly_hours);
    const possible = possibleOf.get(weekly) ?? possibleInPeriod(f.from, f.to, weekly);
    possibleOf.set(weekly, possible);
    const done = round2(Number(s?.done ?? 0));
    return {
      key: p.id,
      label: { et: `${p.first_name} ${p.last_name}`, en: `${p.first_name} ${p.last_name}` },
      values: {
        entries: e?.n ?? 0,
        entryHours: round2(Number(e?.hours ?? 0)),
        ...(money ? { cents: Number(e?.cents ?? 0) } : {}),
        plannedHours: round2(Number(s?.planned ?? 0)),
        agreedHours: round2(Number(s?.agreed ?? 0)),
        doneHours: done,
        possibleHours: possible,
        utilisation: possible > 0 ? Math.round((done / possible) * 1000) / 10 : null,
        missingEntries: missingOf.get(p.id) ?? 0,
        pastOpen: s?.past_open ?? 0,
      },
      // Entries and sessions both open from here; a zero figure is not offered (components/reports/report-table.tsx).
      drill: true,
    };
  });
  const total = (key: string) => round2(rows.reduce((a, r) => a + (r.values[key] ?? 0), 0));
  const possibleTotal = total("possibleHours");
  const columns: ReportColumn[] = [
    { key: "entries", kind: "count" },
    { key: "entryHours", kind: "hours" },
    ...(money ? [{ key: "cents", kind: "money" } as const] : []),
    { key: "plannedHours", kind: "hours" },
    { key: "agreedHours", kind: "hours" },
    { key: "doneHours", kind: "hours" },
    { key: "possibleHours", kind: "hours" },
    { key: "utilisation", kind: "percent" },
    { key: "missingEntries", kind: "count" },
    { key: "pastOpen", kind: "count" },
  ];
  const totals: ReportValues = Object.fromEntries(columns.map((c) => [c.key, total(c.key)]));
  totals.utilisation = possibleTotal > 0 ? Math.round((totals.doneHours! / possibleTotal) * 1000) / 10 : null;
  return {
    report: "workPerEmployee",
    scope: { filters: scope.filters, labels: scope.labels },
    rowHeader: "employee",
    columns,
    rows,
    totals,
    chart: { measure: "entryHours" },
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
