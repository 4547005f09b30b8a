import { sql, type SQL } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import type { DomainContext } from "@/server/domain-context";
import { clientVisibility } from "@/server/policy/client-scope";
import { tallinnDate } from "@/lib/tallinn-time";
import { clientInScope, reportFilters, resolveScope, type ReportFilters } from "./filters";
import type { ReportColumn, ReportData, ReportRow, ReportValues } from "./table";

/**
 * Report 5, funding decisions: for every decision running in the period, each hard limit (the
 * period's and the calendar year's money cap, the monthly capitation, the approved volume of a
 * service) with its cap, what is used and planned, what remains, the share used against the
 * share of the limit's time already passed, the days left, and whether the current pace runs it
 * out before the decision ends. A money report: it needs billing:read as well.
 */

export const decisionsInput = reportFilters;

type Limit = {
  decision_id: string;
  number: string;
  client_id: string;
  client_name: string | null;
  funder: string;
  start_date: string;
  end_date: string;
  kind: "period" | "year" | "month" | "service";
  service: string | null;
  service_id: string | null;
  window_start: string;
  window_end: string;
  cap: string;
  used: string;
  planned: string | null;
};

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
const pct = (x: number) => Math.round(x * 1000) / 10;

export async function decisionsReport(ctx: DomainContext, input: ReportFilters, today = tallinnDate(new Date())): Promise<ReportData> {
  const scope = await resolveScope(ctx, input, { money: true });
  const f = scope.filters;
  // The day the report looks from: today, or the period's end when that is earlier.
  const ref = f.to < today ? f.to : today;
  const year = ref.slice(0, 4);
  const month = `${ref.slice(0, 7)}-01`;
  const decisionIn = [sql`d.start_date <= ${f.to}::date AND d.end_date >= ${f.from}::date`, clientInScope(scope, sql`d.client_id`)];
  if (f.fundingSourceId) decisionIn.push(sql`d.funding_source_id = ${f.fundingSourceId}`);
  const limitIn = f.serviceId ? sql`WHERE l.kind <> 'service' OR l.service_id = ${f.serviceId}` : sql``;
  // Used: whole months of a limit's window from the monthly dataset aggregate
  // (service_entry_months, fully inside the window), the days of a partly covered first or last month from the entries
  // (an index range of those days). Planned: the decision's open participants without an entry
  // (their copy of the session's status, a partial index of a few rows per decision).
  const edge = (
    from: SQL,
    to: SQL,
  ) => sql`(SELECT CASE WHEN l.kind = 'service' THEN coalesce(sum(e.units), 0) ELSE coalesce(sum(e.amount_cents), 0) END
    FROM service_entries e WHERE e.decision_id = l.decision_id AND e.service_date BETWEEN ${from} AND ${to}
      AND (l.kind <> 'service' OR e.service_id = l.service_id))`;
  const monthEnd = (day: SQL) => sql`(date_trunc('month', ${day}) + interval '1 month - 1 day')::date`;
  const rows = [
    ...(await ctx.db.execute<Limit>(
      customPlan(sql`
    WITH decision AS MATERIALIZED (
      SELECT d.*, fs.name AS funder FROM funding_decisions d JOIN funding_sources fs ON fs.id = d.funding_source_id
      WHERE ${sql.join(decisionIn, sql` AND `)}
    ), l AS MATERIALIZED (
      SELECT * FROM (
        SELECT d.id AS decision_id, 'period' AS kind, NULL::uuid AS service_id, d.start_date AS window_start, d.end_date AS window_end, d.period_cap_cents::numeric AS cap
          FROM decision d WHERE d.period_cap_cents IS NOT NULL
        UNION ALL
        SELECT d.id, 'year', NULL, greatest(d.start_date, make_date(${Number(year)}, 1, 1)), least(d.end_date, make_date(${Number(year)}, 12, 31)), d.yearly_cap_cents
          FROM decision d WHERE d.yearly_cap_cents IS NOT NULL
        UNION ALL
        SELECT d.id, 'month', NULL, greatest(d.start_date, ${month}::date), least(d.end_date, (${month}::date + interval '1 month - 1 day')::date), d.monthly_cap_cents
          FROM decision d WHERE d.monthly_cap_cents IS NOT NULL
        UNION ALL
        SELECT d.id, 'service', x.service_id, d.start_date, d.end_date, x.max_units FROM decision d JOIN decision_service_limits x ON x.decision_id = d.id
      ) l ${limitIn}
    )
    SELECT d.id AS decision_id, d.decision_number AS number, d.client_id,
      -- No name: a client the viewer may not read.
      CASE WHEN ${clientVisibility(ctx.actor)} THEN clients.first_name || ' ' || clients.last_name END AS client_name, d.funder,
      d.start_date::text, d.end_date::text, l.kind, s.code || ' ' || s.name_et AS service, l.service_id,
      l.window_start::text, l.window_end::text, l.cap::text,
      (coalesce(whole.used, 0)
        -- The first month when the window starts after its first day, up to the window's end.
        + CASE WHEN l.window_start > date_trunc('month', l.window_start)
            THEN ${edge(sql`l.window_start`, sql`least(l.window_end, ${monthEnd(sql`l.window_start`)})`)} ELSE 0 END
        -- The last month when the window ends before its last day, unless that month was the first one.
        + CASE WHEN l.window_end < ${monthEnd(sql`l.window_end`)}
              AND NOT (l.window_start > date_trunc('month', l.window_start) AND date_trunc('month', l.window_end) = date_trunc('month', l.window_start))
            THEN ${edge(sql`greatest(l.window_start, date_trunc('month', l.window_end)::date)`, sql`l.window_end`)} ELSE 0 END)::text AS used,
      CASE WHEN l.kind = 'service' THEN (SELECT coalesce(sum(CASE s.billing_unit WHEN 'hour' THEN extract(epoch FROM ss.ends_at - ss.starts_at) / 3600
            WHEN 'academic_hour' THEN extract(epoch FROM ss.ends_at - ss.starts_at) / 2700 ELSE 1 END), 0)
        FROM session_participants p JOIN sessions ss ON ss.id = p.session_id
        WHERE p.decision_id = d.id AND p.entry_id IS NULL AND p.status IN ('planned', 'agreed') AND ss.service_id = l.service_id)::text END AS planned
    FROM l JOIN decision d ON d.id = l.decision_id JOIN clients ON clients.id = d.client_id
    -- A look into the decision's own months (service_entry_months_decision_cover, without the
    -- table), where a join read the whole aggregate.
    LEFT JOIN LATERAL (
      SELECT sum(CASE WHEN l.kind = 'service' THEN m.units ELSE m.amount_cents END) AS used
      -- A month (its first day) is whole inside the window when it starts on or after the window's start
      -- and is not later than the last whole month: the month of the day after the window's end, less
      -- one. Asked of each limit once, as the index range's end: asked of each month's row instead
      -- (its end against the window's), date_trunc on 84,000 rows took 30 of the statement's 165 ms.
      FROM service_entry_months m WHERE m.decision_id = l.decision_id AND m.month >= l.window_start
        AND m.month <= (date_trunc('month', l.window_end + 1) - interval '1 month')::date AND (l.kind <> 'service' OR m.service_id = l.service_id)
    ) whole ON true
    LEFT JOIN services s ON s.id = l.service_id
    ORDER BY d.end_date, d.decision_number, l.kind, s.code`),
    )),
  ];
  const out: ReportRow[] = rows.map((r) => {
    const cap = Number(r.cap);
    const used = Number(r.used);
    const money = r.kind !== "service";
    const total = days(r.window_start, r.window_end);
    const passed = Math.min(total, Math.max(0, days(r.window_start, ref)));
    const projected = passed > 0 ? (used / passed) * total : used;
    const values: ReportValues = {
      capCents: money ? cap : null,
      usedCents: money ? used : null,
      remainingCents: money ? cap - used : null,
      capUnits: money ? null : cap,
      usedUnits: money ? null : used,
      plannedUnits: money ? null : Number(r.planned ?? 0),
      remainingUnits: money ? null : Math.round((cap - used - Number(r.planned ?? 0)) * 100) / 100,
      usedPct: pct(used / cap),
      periodPct: pct(passed / total),
      daysLeft: Math.max(0, days(ref, r.end_date) - 1),
      runsOut: projected > cap && used < cap ? 1 : used >= cap ? 1 : 0,
    };
    const who = r.client_name ?? null;
    const what = { et: r.kind === "service" ? r.service! : LIMIT_ET[r.kind], en: r.kind === "service" ? r.service! : LIMIT_EN[r.kind] };
    return {
      // Everything the drill-down needs to list the limit's entries and sessions: decision, limit, its window.
      key: [r.decision_id, r.kind, r.service_id ?? "", r.window_start, r.window_end].join(":"),
      label: { et: `${r.number} · ${who ?? "klient"} · ${what.et}`, en: `${r.number} · ${who ?? "client"} · ${what.en}` },
      values,
      drill: true,
    };
  });
  const columns: ReportColumn[] = [
    { key: "capCents", kind: "money" },
    { key: "usedCents", kind: "money" },
    { key: "remainingCents", kind: "money" },
    { key: "capUnits", kind: "hours" },
    { key: "usedUnits", kind: "hours" },
    { key: "plannedUnits", kind: "hours" },
    { key: "remainingUnits", kind: "hours" },
    { key: "usedPct", kind: "percent" },
    { key: "periodPct", kind: "percent" },
    { key: "daysLeft", kind: "count" },
    { key: "runsOut", kind: "count" },
  ];
  const sum = (key: string) => out.reduce((a, r) => a + (r.values[key] ?? 0), 0);
  return {
    report: "decisions",
    scope: { filters: scope.filters, labels: scope.labels },
    rowHeader: "decisionLimit",
    columns,
    rows: out,
    totals: {
      capCents: sum("capCents"),
      usedCents: sum("usedCents"),
      remainingCents: sum("remainingCents"),
      capUnits: null,
      usedUnits: null,
      plannedUnits: null,
      remainingUnits: null,
      usedPct: null,
      periodPct: null,
      daysLeft: out.filter((r) => (r.values.daysLeft ?? Infinity) <= 90).length,
      runsOut: sum("runsOut"),
    },
    chart: { measure: "usedPct" },
  };
}

const LIMIT_ET = { period: "perioodi limiit", year: "aastalimiit", month: "kuu pearaha" } as const;
const LIMIT_EN = { period: "period cap", year: "yearly cap", month: "monthly capitation" } as const;
