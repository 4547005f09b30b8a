import { sql, type SQL } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import { uuidArray } from "@/server/db/sql-helpers";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { can } from "@/server/policy/policy";
import { datasetIn, sharedSessions } from "./dataset-months";
import { clientInScope, reportFilters, resolveScope, yearEarlier, type ReportScope } from "./filters";
import type { ReportColumn, ReportData, ReportRow } from "./table";

/**
 * Report 2, service structure: hours, sessions and euros of the client dataset (service_entries)
 * by service or specialty, each row's share of the total, and the same period a year earlier.
 * Euros only for viewers who hold billing:read; the other figures need reports:read alone.
 */

export const SERVICE_GROUPINGS = ["service", "specialty"] as const;
export const serviceStructureInput = reportFilters.and(z.object({ groupBy: z.enum(SERVICE_GROUPINGS).default("service") }));
export type ServiceStructureInput = z.infer<typeof serviceStructureInput>;

/**
 * Hours of one entry: its units in hours for hour and academic-hour (45 min) services, otherwise
 * the length of the session it came from (an entry made by hand for a session- or day-priced
 * service has no hours).
 */
export const ENTRY_HOURS = sql`(CASE s.billing_unit WHEN 'hour' THEN e.units WHEN 'academic_hour' THEN e.units * 0.75
  ELSE coalesce(extract(epoch FROM (ss.ends_at - ss.starts_at)) / 3600, 0)::numeric END)`;

/** The FROM and WHERE every dataset figure shares: entries of the period, in scope and filters. */
export function entriesIn(scope: ReportScope, f = scope.filters, joins: SQL = sql``): SQL {
  const conditions: SQL[] = [sql`e.service_date BETWEEN ${f.from}::date AND ${f.to}::date`, clientInScope(scope, sql`e.client_id`)];
  if (f.fundingSourceId) conditions.push(sql`d.funding_source_id = ${f.fundingSourceId}`);
  if (f.serviceId) conditions.push(sql`e.service_id = ${f.serviceId}`);
  if (f.employeeId) conditions.push(sql`e.specialist_id = ${f.employeeId}`);
  return sql`FROM service_entries e
    JOIN services s ON s.id = e.service_id
    JOIN funding_decisions d ON d.id = e.decision_id
    LEFT JOIN sessions ss ON ss.id = e.session_id
    ${joins}
    WHERE ${sql.join(conditions, sql` AND `)}`;
}

type Figures = { key: string | null; hours: string; sessions: number; cents: string };

/**
 * Hours, sessions and euros per group, from the dataset's monthly aggregate (dataset-months.ts):
 * the solo sessions of the rows plus the shared (group) sessions counted once, which together are
 * count(DISTINCT session) of the entries.
 */
async function figures(ctx: DomainContext, scope: ReportScope, by: ServiceStructureInput["groupBy"], f = scope.filters) {
  const [rows, shared] = await Promise.all([
    ctx.db.execute<Figures>(
      customPlan(sql`
      SELECT ${by === "service" ? sql`e.service_id` : sql`e.specialty_id`}::text AS key, sum(e.hours)::text AS hours,
        sum(e.solo_sessions)::int AS sessions, sum(e.amount_cents)::text AS cents
      ${datasetIn(scope, f)}
      GROUP BY 1`),
    ),
    ctx.db.execute<{ key: string | null; sessions: number }>(
      customPlan(sharedSessions(scope, by === "service" ? sql`e.service_id` : sql`coalesce(e.specialty_id, s.specialty_id)`, f)),
    ),
  ]);
  const sharedOf = new Map([...shared].map((r) => [r.key ?? "none", r.sessions]));
  const out = new Map([...rows].map((r) => [r.key ?? "none", { hours: Number(r.hours), sessions: r.sessions, cents: Number(r.cents) }]));
  for (const [key, sessions] of sharedOf) {
    const row = out.get(key);
    if (row) row.sessions += sessions;
  }
  return out;
}

async function labelsOf(ctx: DomainContext, by: ServiceStructureInput["groupBy"], keys: string[]) {
  const ids = keys.filter((k) => k !== "none");
  const rows =
    ids.length === 0
      ? []
      : by === "service"
        ? await ctx.db.execute<{ id: string; code: string; et: string; en: string }>(
            sql`SELECT id, code, name_et AS et, name_en AS en FROM services WHERE id = ANY(${uuidArray(ids)})`,
          )
        : await ctx.db.execute<{ id: string; code: string; et: string; en: string }>(
            sql`SELECT id, code, name_et AS et, name_en AS en FROM specialties WHERE id = ANY(${uuidArray(ids)})`,
          );
  return new Map([...rows].map((r) => [r.id, r]));
}

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const change = (now: number, before: number | undefined) => now - (before ?? 0);

export async function serviceStructure(ctx: DomainContext, input: ServiceStructureInput): Promise<ReportData> {
  const scope = await resolveScope(ctx, input);
  const money = can(ctx.actor, "billing", "read");
  const [now, before] = await Promise.all([figures(ctx, scope, input.groupBy), figures(ctx, scope, input.groupBy, yearEarlier(input))]);
  const keys = [...new Set([...now.keys(), ...before.keys()])];
  const labels = await labelsOf(ctx, input.groupBy, keys);
  const total = { hours: 0, sessions: 0, cents: 0, prevHours: 0, prevCents: 0 };
  for (const v of now.values()) {
    total.hours += v.hours;
    total.sessions += v.sessions;
    total.cents += v.cents;
  }
  for (const v of before.values()) {
    total.prevHours += v.hours;
    total.prevCents += v.cents;
  }
  const rows: ReportRow[] = keys
    .map((key) => {
      const n = now.get(key) ?? { hours: 0, sessions: 0, cents: 0 };
      const b = before.get(key);
      const label = labels.get(key);
      return {
        key,
        label: label
          ? { et: `${label.code} ${label.et}`, en: `${label.code} ${label.en}` }
          : { et: "Eriala määramata", en: "No specialty" },
        values: {
          hours: round2(n.hours),
          hoursShare: share(n.hours, total.hours),
          sessions: n.sessions,
          ...(money ? { cents: n.cents, centsShare: share(n.cents, total.cents) } : {}),
          prevHours: round2(b?.hours ?? 0),
          hoursChange: round2(change(n.hours, b?.hours)),
          ...(money ? { prevCents: b?.cents ?? 0, centsChange: change(n.cents, b?.cents) } : {}),
        },
        drill: true,
      };
    })
    .sort((a, b) => (b.values.hours ?? 0) - (a.values.hours ?? 0) || a.label.et.localeCompare(b.label.et, "et"));
  const columns: ReportColumn[] = [
    { key: "hours", kind: "hours" },
    { key: "hoursShare", kind: "percent" },
    { key: "sessions", kind: "count" },
    ...(money ? [{ key: "cents", kind: "money" } as const, { key: "centsShare", kind: "percent" } as const] : []),
    { key: "prevHours", kind: "hours" },
    { key: "hoursChange", kind: "hours" },
    ...(money ? [{ key: "prevCents", kind: "money" } as const, { key: "centsChange", kind: "money" } as const] : []),
  ];
  return {
    report: "serviceStructure",
    scope: { filters: scope.filters, labels: scope.labels },
    rowHeader: input.groupBy,
    columns,
    rows,
    totals: {
      hours: round2(total.hours),
      hoursShare: rows.length ? 100 : null,
      sessions: total.sessions,
      ...(money ? { cents: total.cents, centsShare: rows.length ? 100 : null } : {}),
      prevHours: round2(total.prevHours),
      hoursChange: round2(total.hours - total.prevHours),
      ...(money ? { prevCents: total.prevCents, centsChange: total.cents - total.prevCents } : {}),
    },
    chart: { measure: money ? "cents" : "hours" },
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
