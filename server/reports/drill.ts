import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DomainContext } from "@/server/domain-context";
import { recordAudit } from "@/server/audit/audit";
import { clientVisibility } from "@/server/policy/client-scope";
import { can } from "@/server/policy/policy";
import { resolveScope } from "./filters";
import { ENTRY_HOURS, entriesIn, serviceStructureInput } from "./service-structure";

/**
 * Drill-down: the dataset entries a figure of the service structure is made of. The rows are
 * the report's rows (scope and filters), but a client's name and the link to the record only
 * where the client policy lets the viewer see that client; the others read "client (hidden)".
 */

export const DRILL_LIMIT = 500;
export const entryRowsInput = serviceStructureInput.and(z.object({ key: z.union([z.uuid(), z.literal("none")]) }));
export type EntryRowsInput = z.infer<typeof entryRowsInput>;

type Row = {
  id: string; service_date: string; client_id: string; visible: boolean; client_name: string | null;
  service: string; specialist: string; funder: string; units: string; hours: string; amount_cents: number; total: number;
};

export async function entryRows(ctx: DomainContext, input: EntryRowsInput) {
  const scope = await resolveScope(ctx, input);
  const money = can(ctx.actor, "billing", "read");
  const group = input.groupBy === "service"
    ? (input.key === "none" ? sql`false` : sql`e.service_id = ${input.key}`)
    : input.key === "none" ? sql`coalesce(e.specialty_id, s.specialty_id) IS NULL` : sql`coalesce(e.specialty_id, s.specialty_id) = ${input.key}`;
  const rows = [...await ctx.db.execute<Row>(sql`
    SELECT e.id, e.service_date::text, e.client_id, ${clientVisibility(ctx.actor)} AS visible,
      CASE WHEN ${clientVisibility(ctx.actor)} THEN clients.first_name || ' ' || clients.last_name END AS client_name,
      s.code || ' ' || s.name_et AS service, emp.first_name || ' ' || emp.last_name AS specialist, fs.name AS funder,
      e.units::text, ${ENTRY_HOURS}::text AS hours, e.amount_cents, count(*) OVER ()::int AS total
    ${entriesIn(scope, scope.filters, sql`JOIN clients ON clients.id = e.client_id
      JOIN employees emp ON emp.id = e.specialist_id JOIN funding_sources fs ON fs.id = d.funding_source_id`)} AND ${group}
    ORDER BY e.service_date, e.id
    LIMIT ${DRILL_LIMIT}`)];
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId, action: "report.drill", ip: ctx.ip,
    details: { report: "serviceStructure", from: input.from, to: input.to, key: input.key, rows: rows.length },
  });
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      id: r.id, date: r.service_date, clientId: r.visible ? r.client_id : null, clientName: r.client_name,
      service: r.service, specialist: r.specialist, funder: r.funder,
      units: Number(r.units), hours: Math.round(Number(r.hours) * 100) / 100, cents: money ? r.amount_cents : null,
    })),
  };
}
