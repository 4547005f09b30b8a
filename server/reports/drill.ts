import { sql } from "drizzle-orm";
import { customPlan } from "@/server/db/prepared-statements";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { recordAudit } from "@/server/audit/audit";
import { clientVisibility } from "@/server/policy/client-scope";
import { can } from "@/server/policy/policy";
import { resolveScope } from "./filters";
import { ENTRY_HOURS, entriesIn, serviceStructureInput } from "./service-structure";
import { specialistEntries } from "./work-per-employee";
import { uuidArray } from "@/server/db/sql-helpers";
import { invalid } from "@/server/errors";

/**
 * Drill-down: the dataset entries a figure of the service structure is made of. The rows are
 * the report's rows (scope and filters), but a client's name and the link to the record only
 * where the client policy lets the viewer see that client; the others read "client (hidden)".
 */

export const DRILL_LIMIT = 500;
export const entryRowsInput = serviceStructureInput.and(
  z.object({
    /** The row: a service or specialty ("none": entries without one); null: every entry of the report. */
    key: z.union([z.uuid(), z.literal("none")]).nullable(),
    /**
     * serviceStructure counts the clients of the scope's units; workPerEmployee the entries of one
     * specialist; decisionLimit the entries a decision's limit has used (the period is the limit's window).
     */
    report: z.enum(["serviceStructure", "workPerEmployee", "decisionLimit"]).default("serviceStructure"),
    decisionId: z.uuid().nullish(),
  }),
);
export type EntryRowsInput = z.infer<typeof entryRowsInput>;

type Row = {
  id: string;
  service_date: string;
  client_id: string;
  visible: boolean;
  client_name: string | null;
  service: string;
  specialist: string;
  funder: string;
  units: string;
  hours: string;
  amount_cents: number;
  total: number;
};

export async function entryRows(ctx: DomainContext, input: EntryRowsInput) {
  // A decision's limits are a money report's figures: the same billing:read the report needs.
  const scope = await resolveScope(ctx, input, { money: input.report === "decisionLimit" });
  const money = can(ctx.actor, "billing", "read");
  if (input.report === "workPerEmployee" && !input.employeeId)
    throw invalid("employeeId", "reports.errors.unknownEmployee", "Choose an employee");
  if (input.report === "decisionLimit" && !input.decisionId)
    throw invalid("decisionId", "reports.errors.unknownDecision", "Choose a decision");
  const group =
    input.key === null
      ? sql`true`
      : input.groupBy === "service"
        ? input.key === "none"
          ? sql`false`
          : sql`e.service_id = ${input.key}`
        : input.key === "none"
          ? sql`coalesce(e.specialty_id, s.specialty_id) IS NULL`
          : sql`coalesce(e.specialty_id, s.specialty_id) = ${input.key}`;
  const joins = sql`JOIN clients ON clients.id = e.client_id
    JOIN employees emp ON emp.id = e.specialist_id JOIN funding_sources fs ON fs.id = d.funding_source_id`;
  const rows = [
    ...(await ctx.db.execute<Row>(
      customPlan(sql`
    SELECT e.id, e.service_date::text, e.client_id, ${clientVisibility(ctx.actor)} AS visible,
      CASE WHEN ${clientVisibility(ctx.actor)} THEN clients.first_name || ' ' || clients.last_name END AS client_name,
      s.code || ' ' || s.name_et AS service, emp.first_name || ' ' || emp.last_name AS specialist, fs.name AS funder,
      e.units::text, ${ENTRY_HOURS}::text AS hours, e.amount_cents, count(*) OVER ()::int AS total
    ${input.report === "workPerEmployee" ? specialistEntries(scope.filters, uuidArray([input.employeeId!]), joins) : entriesIn(scope, scope.filters, joins)} AND ${group}
      AND ${input.report === "decisionLimit" ? sql`e.decision_id = ${input.decisionId}` : sql`true`}
    ORDER BY e.service_date, e.id
    LIMIT ${DRILL_LIMIT}`),
    )),
  ];
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "report.drill",
    ip: ctx.ip,
    details: {
      report: input.report,
      employeeId: input.employeeId ?? null,
      decisionId: input.decisionId ?? null,
      from: input.from,
      to: input.to,
      key: input.key,
      rows: rows.length,
    },
  });
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      date: r.service_date,
      clientId: r.visible ? r.client_id : null,
      clientName: r.client_name,
      service: r.service,
      specialist: r.specialist,
      funder: r.funder,
      units: Number(r.units),
      hours: Math.round(Number(r.hours) * 100) / 100,
      cents: money ? r.amount_cents : null,
    })),
  };
}
