import { sql, type SQL } from "drizzle-orm";
import { clientInScope, type ReportFilters, type ReportScope } from "./filters";

/**
 * The client dataset of a period as the reports read it: whole months from the aggregate
 * service_entry_months (kept exact by triggers, db/functions/service_entry_months_*.sql), the
 * days of a partly covered first or last month from the entries themselves, both in the same
 * shape (one row per month, client, decision, service, specialist and specialty). A year of a
 * large institution is then about 60,000 rows instead of 300,000 entries.
 *
 * Sessions: `solo_sessions` counts entries alone on their session; the sessions several entries
 * share (group sessions) are counted separately by sharedSessions(), once each.
 */

const firstOfNextMonth = (iso: string) => {
  const [y, m] = iso.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
};

/** The whole months inside [from, to] as [first day of the first, first day after the last), or null. */
export function wholeMonths(from: string, to: string): { start: string; end: string } | null {
  const start = from.endsWith("-01") ? from : firstOfNextMonth(from);
  const after = dayAfter(to);
  const end = after.endsWith("-01") ? after : `${to.slice(0, 8)}01`;
  return start < end ? { start, end } : null;
}

const HOURS = sql`CASE s.billing_unit WHEN 'hour' THEN x.units WHEN 'academic_hour' THEN x.units * 0.75
  ELSE coalesce(extract(epoch FROM (ss.ends_at - ss.starts_at)) / 3600, 0)::numeric END`;

/** The entries of some days grouped as the aggregate groups them. */
function entryDays(from: string, toExclusive: string): SQL {
  return sql`SELECT date_trunc('month', x.service_date)::date AS month, x.client_id, x.decision_id, x.service_id, x.specialist_id,
      coalesce(x.specialty_id, s.specialty_id) AS specialty_id, count(*)::int AS entries,
      (count(*) FILTER (WHERE x.session_id IS NULL OR NOT EXISTS (SELECT 1 FROM service_entry_shared_sessions sh WHERE sh.session_id = x.session_id)))::int AS solo_sessions,
      sum(x.units) AS units, sum(${HOURS}) AS hours, sum(x.amount_cents) AS amount_cents
    FROM service_entries x JOIN services s ON s.id = x.service_id LEFT JOIN sessions ss ON ss.id = x.session_id
    WHERE x.service_date >= ${from}::date AND x.service_date < ${toExclusive}::date
    GROUP BY 1, 2, 3, 4, 5, 6`;
}

/** The period's dataset rows (a subquery to alias), whole months from the aggregate, edge days from the entries. */
export function datasetMonths(from: string, to: string): SQL {
  const whole = wholeMonths(from, to);
  const after = dayAfter(to);
  if (!whole) return sql`(${entryDays(from, after)})`;
  const parts: SQL[] = [
    sql`SELECT month, client_id, decision_id, service_id, specialist_id, specialty_id, entries, solo_sessions, units, hours, amount_cents
      FROM service_entry_months WHERE month >= ${whole.start}::date AND month < ${whole.end}::date`,
  ];
  if (from < whole.start) parts.push(entryDays(from, whole.start));
  if (whole.end < after) parts.push(entryDays(whole.end, after));
  return sql`(${sql.join(parts, sql` UNION ALL `)})`;
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * FROM and WHERE over the dataset rows `e` of the period, in the scope and filters (client units,
 * funder through the decision `d`, service, employee), with the service `s` joined. Both are
 * left joins, which match always (the rows' foreign keys), so that a query using neither does not
 * join them: PostgreSQL drops an unused left join to a unique key, never an inner one.
 */
export function datasetIn(scope: ReportScope, f: ReportFilters = scope.filters, joins: SQL = sql``): SQL {
  const conditions: SQL[] = [clientInScope(scope, sql`e.client_id`)];
  if (f.fundingSourceId) conditions.push(sql`d.funding_source_id = ${f.fundingSourceId}`);
  if (f.serviceId) conditions.push(sql`e.service_id = ${f.serviceId}`);
  if (f.employeeId) conditions.push(sql`e.specialist_id = ${f.employeeId}`);
  return sql`FROM ${datasetMonths(f.from, f.to)} e
    LEFT JOIN services s ON s.id = e.service_id
    LEFT JOIN funding_decisions d ON d.id = e.decision_id
    ${joins}
    WHERE ${sql.join(conditions, sql` AND `)}`;
}

/**
 * Sessions shared by several entries (group sessions) in the period and filters, counted once per
 * group key: added to the solo sessions, they give count(DISTINCT session) of the entries.
 */
export function sharedSessions(scope: ReportScope, key: SQL, f: ReportFilters = scope.filters): SQL {
  const conditions: SQL[] = [sql`e.service_date BETWEEN ${f.from}::date AND ${f.to}::date`, clientInScope(scope, sql`e.client_id`)];
  if (f.fundingSourceId) conditions.push(sql`d.funding_source_id = ${f.fundingSourceId}`);
  if (f.serviceId) conditions.push(sql`e.service_id = ${f.serviceId}`);
  if (f.employeeId) conditions.push(sql`e.specialist_id = ${f.employeeId}`);
  return sql`SELECT ${key}::text AS key, count(DISTINCT e.session_id)::int AS sessions
    FROM service_entry_shared_sessions sh JOIN service_entries e ON e.session_id = sh.session_id
    JOIN services s ON s.id = e.service_id JOIN funding_decisions d ON d.id = e.decision_id
    WHERE ${sql.join(conditions, sql` AND `)} GROUP BY 1`;
}
