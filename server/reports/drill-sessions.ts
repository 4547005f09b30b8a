import { sql, type SQL } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { recordAudit } from "@/server/audit/audit";
import { clientVisibility } from "@/server/policy/client-scope";
import { invalid } from "@/server/errors";
import { tallinnTime } from "@/lib/tallinn-time";
import { addDays } from "@/lib/calendar-days";
import { clientInScope, reportFilters, resolveScope } from "./filters";

/**
 * Drill-down to sessions: what a session figure of work per employee is made of (planned, agreed
 * or done hours; done sessions whose client has no entry yet; planned or agreed sessions already
 * past), and the open sessions a decision's service limit counts as planned. A row per session
 * and client; the client is named and linked only where the client policy reaches.
 */

export const SESSION_DRILLS = ["plannedHours", "agreedHours", "doneHours", "missingEntries", "pastOpen", "limitPlanned"] as const;
export const sessionRowsInput = reportFilters.and(
  z.object({
    measure: z.enum(SESSION_DRILLS),
    /** limitPlanned: the decision whose service limit is drilled, with that service. */
    decisionId: z.uuid().nullish(),
  }),
);
export type SessionRowsInput = z.infer<typeof sessionRowsInput>;
export const SESSION_DRILL_LIMIT = 500;

type Row = {
  id: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: string;
  service: string;
  specialists: string | null;
  client_id: string | null;
  visible: boolean | null;
  client_name: string | null;
  attendance: string | null;
  has_entry: boolean | null;
  total: number;
};

/** The condition a measure puts on a session (alias s) and its participant (alias p, may be NULL). */
function measureCondition(measure: SessionRowsInput["measure"], now: Date): SQL {
  switch (measure) {
    case "plannedHours":
      return sql`s.status = 'planned'`;
    case "agreedHours":
      return sql`s.status = 'agreed'`;
    case "doneHours":
      return sql`s.status = 'done'`;
    case "missingEntries":
      return sql`s.status = 'done' AND p.entry_id IS NULL AND p.attendance <> 'absent'`;
    case "pastOpen":
      return sql`s.status IN ('planned', 'agreed') AND s.ends_at < ${now.toISOString()}::timestamptz`;
    case "limitPlanned":
      return sql`s.status IN ('planned', 'agreed') AND p.entry_id IS NULL`;
  }
}

export async function sessionRows(ctx: DomainContext, input: SessionRowsInput, now = new Date()) {
  const scope = await resolveScope(ctx, input, { money: input.measure === "limitPlanned" });
  const f = scope.filters;
  const where: SQL[] = [measureCondition(input.measure, now)];
  if (input.measure === "limitPlanned") {
    if (!input.decisionId) throw invalid("decisionId", "reports.errors.unknownDecision", "Choose a decision");
    if (!f.serviceId) throw invalid("serviceId", "reports.errors.unknownService", "Choose the limit's service");
    // The same sessions the decisions report counts as planned: all of the decision's, not only the period's.
    where.push(sql`p.decision_id = ${input.decisionId}`, sql`s.service_id = ${f.serviceId}`);
    where.push(sql`EXISTS (SELECT 1 FROM funding_decisions d WHERE d.id = p.decision_id AND ${clientInScope(scope, sql`d.client_id`)})`);
  } else {
    if (!f.employeeId) throw invalid("employeeId", "reports.errors.unknownEmployee", "Choose an employee");
    where.push(
      sql`EXISTS (SELECT 1 FROM session_specialists sp WHERE sp.session_id = s.id AND sp.employee_id = ${f.employeeId})`,
      sql`s.starts_at >= ${tallinnTime(f.from, "00:00").toISOString()}::timestamptz`,
      sql`s.starts_at < ${tallinnTime(addDays(f.to, 1), "00:00").toISOString()}::timestamptz`,
    );
    if (f.serviceId) where.push(sql`s.service_id = ${f.serviceId}`);
    if (f.fundingSourceId)
      where.push(sql`EXISTS (SELECT 1 FROM session_participants fp JOIN funding_decisions d ON d.id = fp.decision_id
        WHERE fp.session_id = s.id AND d.funding_source_id = ${f.fundingSourceId})`);
  }
  const rows = [
    ...(await ctx.db.execute<Row>(
      customPlan(sql`
    SELECT s.id, s.starts_at, s.ends_at, s.status, sv.code || ' ' || sv.name_et AS service,
      (SELECT string_agg(emp.first_name || ' ' || emp.last_name, ', ' ORDER BY emp.last_name) FROM session_specialists sp
        JOIN employees emp ON emp.id = sp.employee_id WHERE sp.session_id = s.id) AS specialists,
      p.client_id, ${clientVisibility(ctx.actor)} AS visible,
      CASE WHEN ${clientVisibility(ctx.actor)} THEN clients.first_name || ' ' || clients.last_name END AS client_name,
      p.attendance, p.entry_id IS NOT NULL AS has_entry, count(*) OVER ()::int AS total
    FROM sessions s JOIN services sv ON sv.id = s.service_id
    LEFT JOIN session_participants p ON p.session_id = s.id LEFT JOIN clients ON clients.id = p.client_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY s.starts_at, s.id, clients.last_name
    LIMIT ${SESSION_DRILL_LIMIT}`),
    )),
  ];
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "report.drill",
    ip: ctx.ip,
    details: { report: "sessions", measure: input.measure, employeeId: f.employeeId ?? null, from: f.from, to: f.to, rows: rows.length },
  });
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      id: `${r.id}:${r.client_id ?? ""}`,
      sessionId: r.id,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
      status: r.status,
      service: r.service,
      specialists: r.specialists ?? "",
      clientId: r.visible ? r.client_id : null,
      clientName: r.visible ? r.client_name : null,
      hasClient: r.client_id !== null,
      attendance: r.attendance,
      hasEntry: r.has_entry ?? false,
    })),
  };
}
